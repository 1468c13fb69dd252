#!/usr/bin/env node
// Checks the harness itself: builds a fake accolade site in a temp folder
// (did:web key, status list with index 7 revoked, signed credentials) with
// the JS libraries, runs verify.mjs on it and asserts each verdict. If
// verify.mjs said "valid" to everything, these tests would go red.
//
//   node selftest.mjs
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, writeFileSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {createList, createCredential} from
  '@digitalbazaar/vc-bitstring-status-list';
import {signVcJwt, tamperJwt} from './jwt.mjs';
import {didForBase, makeLoader, newKey, openBadge, sign} from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VERIFY = path.join(HERE, 'verify.mjs');

function writeJson(dir, rel, value) {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), {recursive: true});
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  return file;
}

// Runs verify.mjs as CI does and returns its verdicts by file name.
function verify(siteDir, baseUrl, files, extra = []) {
  const out = execFileSync(process.execPath, [VERIFY, '--site-dir', siteDir,
    '--base-url', baseUrl, ...extra, ...files], {encoding: 'utf8'});
  const verdicts = {};
  for(const line of out.trim().split('\n')) {
    const v = JSON.parse(line);
    verdicts[path.basename(v.file)] = v;
  }
  return verdicts;
}

// A site as the conventions lay it out under `base`: did.json, status list
// (131,072 entries, `revoked` indexes set) and a folder for credentials.
async function makeSite(base, revoked) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ob3-site-'));
  const did = didForBase(base);
  const key = await newKey(did);
  const {publicKeyMultibase} = await key.export({publicKey: true});
  const didDoc = {
    '@context': ['https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{id: key.id, type: 'Multikey', controller: did,
      publicKeyMultibase}],
    assertionMethod: [key.id]
  };
  const bare = new URL(base).pathname === '/';
  writeJson(dir, bare ? '.well-known/did.json' : 'did.json', didDoc);

  const documentLoader = makeLoader({siteDir: dir, baseUrl: base});
  const listUrl = `${base}status/revocation.json`;
  const list = await createList({length: 131072});
  for(const i of revoked) {
    list.setStatus(i, true);
  }
  const listVc = await createCredential({
    id: listUrl, list, statusPurpose: 'revocation'
  });
  listVc.issuer = did;
  // The status library verifies the list at the real clock (no `now`).
  listVc.validFrom = '2024-01-01T00:00:00Z';
  const signedList = await sign(listVc, key, documentLoader);
  writeJson(dir, 'status/revocation.json', signedList);

  // Signs a credential for this site and writes it under credentials/.
  const award = async (slug, {index, validUntil, validFrom, signer = key,
    edit} = {}) => {
    const id = `${base}credentials/${slug}.json`;
    const body = openBadge({id, issuerDid: did, base, name: `Badge ${slug}`,
      validFrom: validFrom || '2024-01-01T00:00:00Z', validUntil,
      status: index === undefined ? undefined : {list: listUrl, index}});
    const signed = await sign(body, signer, documentLoader, key.id);
    if(edit) {
      edit(signed);
    }
    return writeJson(dir, `credentials/${slug}.json`, signed);
  };
  return {dir, did, key, listUrl, signedList, award};
}

const BASE = 'http://127.0.0.1:18765/';

test('did:web site at a bare host: valid, revoked, tampered, wrong key, ' +
  'expired', async () => {
  const site = await makeSite(BASE, [7]);
  assert.equal(site.did, 'did:web:127.0.0.1%3A18765');
  const other = await newKey(site.did);
  const files = [
    await site.award('valid', {index: 3}),
    await site.award('revoked', {index: 7}),
    await site.award('tampered', {index: 4, edit: c => {
      c.credentialSubject.achievement.name += 'x';
    }}),
    await site.award('wrong-key', {index: 5, signer: other}),
    await site.award('expired', {index: 6, validFrom: '2020-01-01T00:00:00Z',
      validUntil: '2025-01-01T00:00:00Z'}),
    await site.award('no-status')
  ];
  const v = verify(site.dir, BASE, files, ['--now', '2026-06-01T00:00:00Z']);

  assert.deepEqual(v['valid.json'],
    {file: files[0], verified: true, revoked: false, expired: false,
      errors: []});
  assert.equal(v['revoked.json'].verified, true);
  assert.equal(v['revoked.json'].revoked, true);
  assert.equal(v['tampered.json'].verified, false);
  assert.ok(v['tampered.json'].errors.includes('Invalid signature.'));
  assert.equal(v['wrong-key.json'].verified, false);
  assert.ok(v['wrong-key.json'].errors.includes('Invalid signature.'));
  assert.equal(v['expired.json'].verified, true);
  assert.equal(v['expired.json'].expired, true);
  assert.equal(v['no-status.json'].verified, true);
  assert.equal(v['no-status.json'].revoked, null);

  // The same credential is not expired before its validUntil.
  const before = verify(site.dir, BASE, [files[4]],
    ['--now', '2024-06-01T00:00:00Z']);
  assert.equal(before['expired.json'].expired, false);
  assert.equal(before['expired.json'].verified, true);
});

test('did:web site under a path uses B/did.json', async () => {
  const base = 'http://127.0.0.1:18765/org/badges/';
  const site = await makeSite(base, []);
  assert.equal(site.did, 'did:web:127.0.0.1%3A18765:org:badges');
  const file = await site.award('valid', {index: 7});
  const v = verify(site.dir, base, [file]);
  assert.equal(v['valid.json'].verified, true, v['valid.json'].errors);
  assert.equal(v['valid.json'].revoked, false);
});

test('a status list whose proof fails gives no revocation verdict',
  async () => {
    const site = await makeSite(BASE, [7]);
    const file = await site.award('revoked', {index: 7});
    const forged = structuredClone(site.signedList);
    forged.credentialSubject.encodedList =
      (await (await createList({length: 131072})).encode());
    writeJson(site.dir, 'status/revocation.json', forged);
    const v = verify(site.dir, BASE, [file])['revoked.json'];
    assert.equal(v.verified, true);
    assert.equal(v.revoked, null);
    assert.ok(v.errors.some(e => e.startsWith('status: ')), v.errors);
  });

test('URLs outside the site are refused, not fetched', async () => {
  const site = await makeSite(BASE, []);
  const file = await site.award('elsewhere', {index: 1});
  const c = JSON.parse(readFileSync(file, 'utf8'));
  // Point the (unsigned-over) status at another host: the proof now fails
  // and the status list must not be fetched.
  c.credentialStatus.statusListCredential = 'https://example.com/list.json';
  writeJson(site.dir, 'credentials/elsewhere.json', c);
  const v = verify(site.dir, BASE, [file])['elsewhere.json'];
  assert.equal(v.verified, false);
  assert.ok(v.errors.some(e => e.includes(
    'refusing to fetch URL https://example.com/list.json')), v.errors);
});

test('Ed25519Signature2020 proofs are checked too', async () => {
  const site = await makeSite(BASE, []);
  const documentLoader = makeLoader({siteDir: site.dir, baseUrl: BASE});
  const body = openBadge({id: `${BASE}credentials/legacy.json`,
    issuerDid: site.did, base: BASE, name: 'Legacy',
    validFrom: '2024-01-01T00:00:00Z'});
  body['@context'].push('https://w3id.org/security/suites/ed25519-2020/v1');
  const signed = await sign(body, site.key, documentLoader, undefined, true);
  assert.equal(signed.proof.type, 'Ed25519Signature2020');
  const good = writeJson(site.dir, 'credentials/legacy.json', signed);
  signed.credentialSubject.achievement.name = 'Legacz';
  const bad = writeJson(site.dir, 'credentials/legacy-bad.json', signed);
  const v = verify(site.dir, BASE, [good, bad]);
  assert.equal(v['legacy.json'].verified, true, v['legacy.json'].errors);
  assert.equal(v['legacy-bad.json'].verified, false);
});

test('VC-JWT (jose): valid, revoked, tampered, wrong key, expired',
  async () => {
    const site = await makeSite(BASE, [7]);
    const body = (slug, index, dates = {}) => openBadge({
      id: `${BASE}credentials/${slug}.json`, issuerDid: site.did, base: BASE,
      name: `Badge ${slug}`, validFrom: '2024-01-01T00:00:00Z', ...dates,
      status: {list: site.listUrl, index}});
    const other = await newKey(site.did);
    const valid = await signVcJwt(body('valid', 3), site.key);
    const write = (name, token) => {
      const file = path.join(site.dir, 'credentials', name);
      mkdirSync(path.dirname(file), {recursive: true});
      writeFileSync(file, token + '\n');
      return file;
    };
    const files = [
      write('valid.jwt', valid),
      write('revoked.jwt', await signVcJwt(body('revoked', 7), site.key)),
      write('tampered.jwt', tamperJwt(valid)),
      // Signed by another key, naming the site's (same kid).
      write('wrong-key.jwt', await signVcJwt(body('wrong', 4), other)),
      write('expired.jwt', await signVcJwt(body('expired', 6,
        {validFrom: '2020-01-01T00:00:00Z',
          validUntil: '2025-01-01T00:00:00Z'}), site.key))
    ];
    const v = verify(site.dir, BASE, files, ['--now', '2026-06-01T00:00:00Z']);
    assert.deepEqual(v['valid.jwt'], {file: files[0], verified: true,
      revoked: false, expired: false, errors: []});
    assert.equal(v['revoked.jwt'].verified, true);
    assert.equal(v['revoked.jwt'].revoked, true);
    assert.equal(v['tampered.jwt'].verified, false);
    assert.ok(v['tampered.jwt'].errors.includes(
      'signature verification failed'), v['tampered.jwt'].errors);
    assert.equal(v['wrong-key.jwt'].verified, false);
    assert.equal(v['expired.jwt'].verified, true, v['expired.jwt'].errors);
    assert.equal(v['expired.jwt'].expired, true);
  });

// The 1EdTech OB 3.0 "Linked Data Proof Test Vector" (openbadges-
// specification, ob_v3p0/impl/linked-data-proof-ob.html). Its key
// https://example.edu/issuers/565049#z6Mk... is not a DID; the spec prints
// the public key, so the controller document is made here from it.
test('1EdTech OB 3.0 test vector verifies; altered, it does not',
  async () => {
    const vector = JSON.parse(readFileSync(
      path.join(HERE, 'fixtures/1edtech-ob3-test-vector.json'), 'utf8'));
    const vmId = vector.proof.verificationMethod;
    const [controller, publicKeyMultibase] = vmId.split('#');
    // The multibase key is the hex public key printed in the spec.
    const key = await Ed25519Multikey.from({
      '@context': 'https://w3id.org/security/multikey/v1',
      type: 'Multikey', id: vmId, controller, publicKeyMultibase
    });
    assert.equal(Buffer.from(key.publicKey).toString('hex'),
      '4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5');

    const dir = mkdtempSync(path.join(tmpdir(), 'ob3-vector-'));
    writeJson(dir, 'issuers/565049', {
      '@context': ['https://www.w3.org/ns/did/v1',
        'https://w3id.org/security/multikey/v1'],
      id: controller,
      verificationMethod: [{id: vmId, type: 'Multikey', controller,
        publicKeyMultibase}],
      assertionMethod: [vmId]
    });
    const good = writeJson(dir, 'vector.json', vector);
    const altered = structuredClone(vector);
    altered.credentialSubject.achievement.name = 'Teamwerk';
    const bad = writeJson(dir, 'altered.json', altered);
    const v = verify(dir, 'https://example.edu/', [good, bad]);
    assert.equal(v['vector.json'].verified, true, v['vector.json'].errors);
    assert.equal(v['altered.json'].verified, false);
  });
