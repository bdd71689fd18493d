#!/usr/bin/env bash
# A cold start with a partial taxonomy, measured (docs/discovery.md, "A partial taxonomy, measured"):
# labelled texts imported WITHOUT their labels as complaints, a discovery run, ACCEPT themes accepted
# through the API as a person would (the largest themes that are mostly one intent, at most one per
# intent; only that intent's members confirmed unless ALL_MEMBERS=1), the model the classifier
# service trains, the backlog, and then how much is placed, how much of it is right, and the
# failure-demand ratio. The labels only score; they pick the themes the way a person reading their
# texts would. Runs the built service (npm run -s build first) on a throwaway database.
#
#   DATA=../shared/data/banking77/test.csv bash tools/tune/cold-start-partial-taxonomy.sh
#
# DATA: a CSV with `text` and `category` columns whose categories are the demo scenario's
# (apps/all-in-one/demo/banking77-digital-bank.json gives each one's demand and failure type).
# ACCEPT (10), PURITY (0.7: a theme's share of its main intent to be accepted), ALL_MEMBERS (0),
# RECLASSIFY (auto: wait for the service to reclassify the backlog; cli: run npm run reclassify, as
# before it did so by itself), PORT (3917), DB (fl_cold_start: dropped and made again), SEED (7).
# FRESH: a second CSV like DATA, the contacts that arrive once the themes are accepted: imported
# after the backlog is reclassified, never clustered nor trained on, and scored apart (fresh*).
# Ends with one JSON line of the figures.
set -euo pipefail
: "${DATA:?set DATA to a CSV with text and category columns}"
FRESH=${FRESH:-}
ACCEPT=${ACCEPT:-10} PURITY=${PURITY:-0.7} ALL_MEMBERS=${ALL_MEMBERS:-0} RECLASSIFY=${RECLASSIFY:-auto}
PORT=${PORT:-3917} DB=${DB:-fl_cold_start} SEED=${SEED:-7}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
PG=${PGURL:-postgres://postgres@127.0.0.1:5432}
cd "$ROOT"
[ -f dist/apps/all-in-one/src/main.js ] || { echo "build first: npm run -s build" >&2; exit 1; }

# Texts only, over the eight weeks before 7 December 2026, and the truth kept aside.
node -e '
const fs = require("fs"); const { parse } = require("csv-parse/sync");
const rows = parse(fs.readFileSync(process.argv[1]), { columns: true });
const scenario = JSON.parse(fs.readFileSync("apps/all-in-one/demo/banking77-digital-bank.json", "utf8"));
const byKey = new Map(scenario.categories.map((c) => [c.key, c]));
const now = Date.parse("2026-12-07T00:00:00Z");
fs.writeFileSync(process.argv[2] + "/complaints.jsonl", rows.map((r, i) => JSON.stringify({ id: "C-" + (i + 1), createdAt: new Date(now - ((i * 7919) % (56 * 86400)) * 1000).toISOString(), text: r.text, channel: "email" })).join("\n") + "\n");
fs.writeFileSync(process.argv[2] + "/truth.csv", rows.map((r, i) => ["C-" + (i + 1), r.category, byKey.get(r.category).demandType, byKey.get(r.category).failureType ?? ""].join(",")).join("\n") + "\n");
' "$DATA" "$WORK"
TOTAL=$(wc -l < "$WORK/truth.csv")
# The fresh texts likewise, as F-1…: their own ids, so that the truth joins on source_id keep them
# apart. Dated within the same eight weeks: a date after 7 December is in the future of this
# calendar (rejected beyond a day's skew), and the date does not enter the classification.
if [ -n "$FRESH" ]; then
  node -e '
const fs = require("fs"); const { parse } = require("csv-parse/sync");
const rows = parse(fs.readFileSync(process.argv[1]), { columns: true });
const scenario = JSON.parse(fs.readFileSync("apps/all-in-one/demo/banking77-digital-bank.json", "utf8"));
const byKey = new Map(scenario.categories.map((c) => [c.key, c]));
const now = Date.parse("2026-12-07T00:00:00Z");
fs.writeFileSync(process.argv[2] + "/fresh.jsonl", rows.map((r, i) => JSON.stringify({ id: "F-" + (i + 1), createdAt: new Date(now - ((i * 7919) % (56 * 86400)) * 1000).toISOString(), text: r.text, channel: "email" })).join("\n") + "\n");
fs.writeFileSync(process.argv[2] + "/fresh-truth.csv", rows.map((r, i) => ["F-" + (i + 1), r.category, byKey.get(r.category).demandType, byKey.get(r.category).failureType ?? ""].join(",")).join("\n") + "\n");
' "$FRESH" "$WORK"
fi

psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
unset KAFKA_BROKERS
export DATABASE_URL=$PG/$DB CUSTOMER_HASH_KEY=cold-start-measure-key-0123456789 FRICTIONLENS_DEMO=false PORT DISCOVERY_EMERGING_EVERY=off LOG_LEVEL=info
Q() { psql -q "$DATABASE_URL" -Atc "$1"; }
API=http://127.0.0.1:$PORT
seconds() { node -e "console.log(((Date.now() - $1) / 1000).toFixed(1))"; }

nice -n 5 node dist/apps/all-in-one/src/main.js > "$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -sf "$API/health" > /dev/null; do sleep 0.5; done
nice -n 5 node dist/apps/ingest/src/import/import.cli.js "$WORK/complaints.jsonl" --kind complaint --source measure > /dev/null
KEY=$(node dist/libs/platform/src/cli/api-key.cli.js create --name measure --scope admin 2>/dev/null | tail -1)
Q "CREATE TABLE truth (source_id text PRIMARY KEY, intent text, demand_type text, failure_type text)"
psql -q "$DATABASE_URL" -c "\\copy truth FROM '$WORK/truth.csv' csv"

STARTED=$(date +%s%3N)
RUN=$(curl -s -X POST "$API/v1/discoveries" -H "x-api-key: $KEY" -H 'content-type: application/json' -d "{\"options\":{\"seed\":$SEED}}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
until [ "$(curl -s "$API/v1/discoveries/$RUN" -H "x-api-key: $KEY" | node -pe 'JSON.parse(require("fs").readFileSync(0)).status')" = done ]; do sleep 1; done
echo "discovery: $(Q "SELECT count(*) FROM discovery_themes WHERE run_id = $RUN") themes in $(seconds "$STARTED") s" >&2

# Each theme's main intent and its share; the themes to accept.
Q "CREATE TABLE majority AS SELECT DISTINCT ON (t.id) t.id AS theme, t.size, tr.intent, tr.demand_type, tr.failure_type,
     count(*) OVER (PARTITION BY t.id, tr.intent)::float / t.size AS purity
   FROM discovery_themes t JOIN discovery_theme_members m ON m.theme_id = t.id JOIN contacts c ON c.id = m.contact_id JOIN truth tr ON tr.source_id = c.source_id
   WHERE t.run_id = $RUN ORDER BY t.id, count(*) OVER (PARTITION BY t.id, tr.intent) DESC"
Q "CREATE TABLE accepted AS SELECT *, 't' || theme || '_' || intent AS key FROM (SELECT DISTINCT ON (intent) * FROM majority WHERE purity >= $PURITY ORDER BY intent, size DESC) x ORDER BY size DESC, theme LIMIT $ACCEPT"
accept() { # theme key demandType failureType intent
  local members body
  members=$(Q "SELECT coalesce(json_agg(m.contact_id::text), '[]') FROM discovery_theme_members m JOIN contacts c ON c.id = m.contact_id JOIN truth tr ON tr.source_id = c.source_id WHERE m.theme_id = $1 AND ($ALL_MEMBERS = 1 OR tr.intent = '$5')")
  body="{\"key\":\"$2\",\"description\":\"Accepted from discovery\",\"demandType\":\"$3\",\"members\":$members$(if [ "$3" = failure ]; then echo ",\"failureType\":\"$4\""; fi)}"
  curl -sf -o /dev/null -X POST "$API/v1/discoveries/$RUN/themes/$1/accept" -H "x-api-key: $KEY" -H 'content-type: application/json' -d "$body"
}
# One theme first: its model classifies the backlog; the others then call for the next model and
# for the backlog to be classified again.
FIRST=1
while IFS='|' read -r THEME KEYNAME DEMAND FAILURE INTENT; do
  accept "$THEME" "$KEYNAME" "$DEMAND" "$FAILURE" "$INTENT"
  if [ $FIRST = 1 ]; then
    FIRST=0
    until [ "$(Q "SELECT count(*) FROM classifications WHERE current")" = "$TOTAL" ]; do sleep 1; done
    echo "first model: $(Q "SELECT id || ' (' || kind || ')' FROM model_versions ORDER BY id DESC LIMIT 1"); backlog: $(Q "SELECT string_agg(category_key || ' ' || n, ', ') FROM (SELECT category_key, count(*) AS n FROM classifications WHERE current GROUP BY 1) x")" >&2
  fi
done < <(Q "SELECT theme, key, demand_type, failure_type, intent FROM accepted ORDER BY size DESC")
ACCEPTED_AT=$(date +%s%3N)
TAXONOMY=$(Q "SELECT max(id) FROM taxonomy_versions")
until [ "$(Q "SELECT count(*) FROM model_versions WHERE taxonomy_version_id = $TAXONOMY")" -ge 1 ]; do sleep 1; done
MODEL=$(Q "SELECT max(id) FROM model_versions")
MODEL_SECONDS=$(seconds "$ACCEPTED_AT")
MODEL_AT=$(date +%s%3N)
if [ "$RECLASSIFY" = cli ]; then
  until curl -s "$API/health" | grep -q "\"modelVersion\":$MODEL"; do sleep 0.5; done
  nice -n 5 node dist/apps/classifier/src/cli/reclassify.cli.js 2>/dev/null >&2
else
  until [ "$(Q "SELECT count(*) FROM contacts c LEFT JOIN classifications k ON k.contact_id = c.id AND k.current WHERE k.model_version_id IS DISTINCT FROM $MODEL")" = 0 ]; do sleep 1; done
fi
BACKLOG_SECONDS=$(seconds "$MODEL_AT")
grep -h '"backlog reclassified' "$WORK/service.log" >&2 || true

# Standing category: the reviewer's label (a confirmed member), else the current classification.
FIGURES=$(Q "
WITH s AS (
  SELECT t.intent, t.demand_type AS truth, l.category_key AS label, k.category_key AS model
  FROM contacts c JOIN truth t ON t.source_id = c.source_id
  LEFT JOIN contact_labels l ON l.contact_id = c.id LEFT JOIN classifications k ON k.contact_id = c.id AND k.current),
r AS (SELECT s.*, EXISTS (SELECT 1 FROM accepted a WHERE a.key = COALESCE(label, model) AND a.intent = s.intent) AS right_category,
             intent IN (SELECT intent FROM accepted) AS accepted_intent FROM s)
SELECT json_build_object(
  'contacts', count(*), 'labelled', count(label),
  'placed', count(*) FILTER (WHERE COALESCE(label, model) <> 'unclassified'),
  'placedPrecision', round(avg(right_category::int) FILTER (WHERE COALESCE(label, model) <> 'unclassified'), 3),
  'modelPlaced', count(*) FILTER (WHERE label IS NULL AND model <> 'unclassified'),
  'modelPrecision', round(avg(right_category::int) FILTER (WHERE label IS NULL AND model <> 'unclassified'), 3),
  'modelRecall', round(avg(right_category::int) FILTER (WHERE label IS NULL AND accepted_intent), 3),
  'othersUnclassified', round(avg((model = 'unclassified')::int) FILTER (WHERE label IS NULL AND NOT accepted_intent), 3),
  'acceptedIntentsFailureShare', round(avg((truth = 'failure')::int) FILTER (WHERE accepted_intent), 3),
  'allFailureShare', round(avg((truth = 'failure')::int), 3))
FROM r")
MODEL_FIGURES=$(Q "SELECT json_build_object('model', id, 'kind', kind, 'categories', evaluation->'categories', 'outOfScopeExamples', evaluation->'outOfScopeExamples',
  'openSetThreshold', evaluation->'openSetThreshold', 'heldOutOutOfScopeRecall', evaluation->'heldOut'->'outOfScopeRecall', 'heldOutInScopeAccuracy', evaluation->'heldOut'->'inScopeAccuracy')
  FROM model_versions WHERE id = $MODEL")
# Taken before any fresh contact arrives, so that these figures stay those of the backlog alone.
METRIC=$(curl -s "$API/v1/metrics/failure-demand?interval=month" -H "x-api-key: $KEY")

# Fresh arrivals: classified by the service as they come, by the model it serves. The fresh
# contacts of an accepted intent were never members of any theme, so none was taught as "not one of
# ours": their recall is that of demand arriving, not of the clustered backlog.
FRESH_FIGURES='{}'
if [ -n "$FRESH" ]; then
  FRESH_TOTAL=$(wc -l < "$WORK/fresh-truth.csv")
  psql -q "$DATABASE_URL" -c "\\copy truth FROM '$WORK/fresh-truth.csv' csv"
  FRESH_AT=$(date +%s%3N)
  nice -n 5 node dist/apps/ingest/src/import/import.cli.js "$WORK/fresh.jsonl" --kind complaint --source measure-fresh > /dev/null
  # Against what was stored, not the file's lines: a rejected record would otherwise wait forever.
  FRESH_STORED=$(Q "SELECT count(*) FROM contacts WHERE source = 'measure-fresh'")
  until [ "$(Q "SELECT count(*) FROM contacts c JOIN classifications k ON k.contact_id = c.id AND k.current
                WHERE c.source = 'measure-fresh' AND k.model_version_id = (SELECT max(id) FROM model_versions)")" = "$FRESH_STORED" ]; do sleep 1; done
  echo "fresh: $FRESH_STORED of $FRESH_TOTAL stored and classified in $(seconds "$FRESH_AT") s by model $(Q "SELECT max(id) FROM model_versions") (backlog's: $MODEL)" >&2
  FRESH_FIGURES=$(Q "
WITH r AS (
  SELECT k.category_key AS model, EXISTS (SELECT 1 FROM accepted a WHERE a.key = k.category_key AND a.intent = t.intent) AS right_category,
         t.intent IN (SELECT intent FROM accepted) AS accepted_intent
  FROM contacts c JOIN truth t ON t.source_id = c.source_id JOIN classifications k ON k.contact_id = c.id AND k.current
  WHERE c.source = 'measure-fresh')
SELECT json_build_object(
  'freshContacts', count(*),
  'freshPlaced', count(*) FILTER (WHERE model <> 'unclassified'),
  'freshPrecision', round(avg(right_category::int) FILTER (WHERE model <> 'unclassified'), 3),
  'freshRecall', round(avg(right_category::int) FILTER (WHERE accepted_intent), 3),
  'freshOthersUnclassified', round(avg((model = 'unclassified')::int) FILTER (WHERE NOT accepted_intent), 3),
  'freshAcceptedIntentContacts', count(*) FILTER (WHERE accepted_intent))
FROM r")
fi

printf '%s' "$METRIC" | node -e '
const metric = JSON.parse(require("fs").readFileSync(0));
let failure = 0, value = 0;
for (const row of metric.rows) { failure += row.failureContacts; value += row.valueContacts; }
const [figures, model, total] = process.argv.slice(1);
console.log(JSON.stringify({ ...JSON.parse(figures), ...JSON.parse(model), failureDemandRatio: +(failure / (failure + value)).toFixed(3), failureOfAll: +(failure / Number(total)).toFixed(3),
  modelSecondsAfterLastAccept: Number(process.argv[4]), backlogSeconds: Number(process.argv[5]), ...JSON.parse(process.argv[6]) }));' "$FIGURES" "$MODEL_FIGURES" "$TOTAL" "$MODEL_SECONDS" "$BACKLOG_SECONDS" "$FRESH_FIGURES"
