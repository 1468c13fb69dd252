#!/usr/bin/env node
// Makes OB 3.0 credentials signed by libraries we did not write, for
// `accolade verify` to judge in CI:
//   outside-valid.json      good eddsa-rdfc-2022 proof by a did:key issuer
//   outside-tampered.json   the valid one with achievement.name changed after
//   outside-wrong-key.json  signed by another key but naming the first key
//   outside-expired.json    validly signed, validUntil in the past
//
//   node sign-outside.mjs --out-dir DIR
// A fresh key each run: the verdicts, not the bytes, are what CI compares.
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {randomUUID} from 'node:crypto';
import {parseArgs} from 'node:util';
import {makeLoader, newKey, openBadge, sign} from './lib.mjs';

const {values} = parseArgs({options: {'out-dir': {type: 'string'}}});
if(!values['out-dir']) {
  console.error('usage: node sign-outside.mjs --out-dir DIR');
  process.exit(2);
}
const outDir = values['out-dir'];
await mkdir(outDir, {recursive: true});

// Contexts only: did:key needs no loading to sign.
const documentLoader = makeLoader({});
const key = await newKey();
const other = await newKey();
const base = 'https://outside.example/';
const body = (validUntil, validFrom = '2024-01-01T00:00:00Z') => openBadge({
  id: `urn:uuid:${randomUUID()}`, issuerDid: key.controller, base,
  name: 'Outside Signing', validFrom, validUntil
});

const valid = await sign(body(), key, documentLoader);
const tampered = structuredClone(valid);
tampered.credentialSubject.achievement.name = 'Outside Signinh';
const wrongKey = await sign(body(), other, documentLoader, key.id);
const expired = await sign(body('2025-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
  key, documentLoader);

const out = {
  'outside-valid.json': valid,
  'outside-tampered.json': tampered,
  'outside-wrong-key.json': wrongKey,
  'outside-expired.json': expired
};
for(const [name, credential] of Object.entries(out)) {
  await writeFile(path.join(outDir, name),
    JSON.stringify(credential, null, 2) + '\n');
  console.log(path.join(outDir, name));
}
