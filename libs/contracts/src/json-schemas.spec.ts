import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFileText, jsonSchemas } from './json-schemas.js';

const folder = fileURLToPath(new URL('../schemas/', import.meta.url));

describe('jsonSchemas', () => {
  const sut = jsonSchemas();

  it('describes every topic FrictionLens exchanges contacts on', () => {
    expect(Object.keys(sut).sort()).toEqual([
      'cx.complaints.v1.schema.json',
      'cx.contacts.classified.v1.schema.json',
      'cx.contacts.v1.schema.json',
      'cx.tickets.v1.schema.json',
      'cx.warranty-claims.v1.schema.json',
    ]);
  });

  it.each(Object.keys(jsonSchemas()))('matches the committed %s (run npm run contracts:schemas after a contract change)', (fileName) => {
    expect(readFileSync(`${folder}${fileName}`, 'utf8')).toBe(jsonSchemaFileText(sut[fileName] as object));
  });

  it('has no committed schema file the generator no longer produces', () => {
    expect(readdirSync(folder).sort()).toEqual(Object.keys(sut).sort());
  });

  it('lets senders add fields of their own to inbound messages', () => {
    expect(sut['cx.tickets.v1.schema.json']).toMatchObject({ additionalProperties: {} });
  });
});
