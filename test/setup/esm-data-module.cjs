// natural (CommonJS) require()s the AFINN word lists, which are ES modules of the shape
// `export const name = {...}`. Node 20.19+ loads them through require(esm); Jest's module
// runtime cannot, so under Jest they are rewritten to CommonJS exports.
module.exports = {
  process(source) {
    return { code: source.replace(/^export const (\w+) =/gm, 'exports.$1 =') };
  },
};
