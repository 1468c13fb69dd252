#!/usr/bin/env node
// Makes OB 3.0 credentials signed by libraries we did not write, for
// `accolade verify` to judge in CI:
//   outside-valid.json      good eddsa-rdfc-2022 proof by a did:key issuer
//   outside-tampered.json   the valid one with achievement.name changed after
//   outside-wrong-key.json  signed by another key but naming the first key
//   outside-expired.json    validly signed, validUntil in the past
//   outside-ed2020-valid.json, outside-ed2020-tampered.json
//                           the same with an Ed25519Signature2020 proof
//                           (@digitalbazaar/ed25519-signature-2020), and
//                           tampered as above
//   outside-jwt-valid.jwt, outside-jwt-tampered.jwt
//                           a VC-JWT (EdDSA) made by `jose` (jwt.mjs), kid
//                           did:key:z6Mk...#z6Mk...; the tampered one has
//                           its payload changed, its signature kept
//
//   node sign-outside.mjs --out-dir DIR
// A fresh key each run: the verdicts, not the bytes, are what CI compares.
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {randomUUID} from 'node:crypto';
import {parseArgs} from 'node:util';
import {signVcJwt, tamperJwt} from './jwt.mjs';
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

// Ed25519Signature2020 documents carry the suite's context.
const legacyBody = body();
legacyBody['@context'].push('https://w3id.org/security/suites/ed25519-2020/v1');
const legacy = await sign(legacyBody, key, documentLoader, undefined, true);
const legacyTampered = structuredClone(legacy);
legacyTampered.credentialSubject.achievement.name = 'Outside Signinh';
const jwt = await signVcJwt(body(), key);

const out = {
  'outside-valid.json': valid,
  'outside-tampered.json': tampered,
  'outside-wrong-key.json': wrongKey,
  'outside-expired.json': expired,
  'outside-ed2020-valid.json': legacy,
  'outside-ed2020-tampered.json': legacyTampered,
  'outside-jwt-valid.jwt': jwt,
  'outside-jwt-tampered.jwt': tamperJwt(jwt)
};
for(const [name, credential] of Object.entries(out)) {
  await writeFile(path.join(outDir, name), (typeof credential === 'string' ?
    credential : JSON.stringify(credential, null, 2)) + '\n');
  console.log(path.join(outDir, name));
}
