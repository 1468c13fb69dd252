#!/usr/bin/env node
// THE VERDICT TABLE: for each case, `accolade verify`'s verdict on an Open
// Badges 3.0 credential next to the outside verifier's (verify.mjs, Digital
// Bazaar's libraries) and the verdict the case must get. Exit 1 when any
// verdict differs from the expected one: accolade wrong, the outside
// libraries wrong, or the two disagreeing all fail CI.
//
//   node tests/ob3/verdicts.mjs --accolade BIN [--port P] [--table FILE]
//       [--work DIR]
//
// The table is printed (Markdown) and, with --table, written to FILE.
// Everything is built in DIR (default: a new temp folder, removed when all
// verdicts are as expected); example-site/ is only read. Built sites are
// served on 127.0.0.1:P by this process itself, since `accolade verify`
// resolves the site's did:web and status list over http: no server outlives
// the script.
//
// Cases:
//   valid        each credential of example-site, built at http://127.0.0.1:P/
//   tampered     one of them with a letter of its achievement name changed
//   revoked      a copy of example-site with one credential revoked
//                (`accolade revoke`); the other one stays valid
//   expired      in that copy, a credential issued with past dates
//   wrong key    the copy built again with another key (same base URL, so
//                only the key differs), verified against the first build;
//                and, as a control, against its own build (valid)
//   status list  each site's status list credential (outside verifier only:
//                it is not a badge for `accolade verify`); and the revoked
//                credential against a forged list (its bit cleared, the
//                list's proof kept), which must not make it valid
//   VC-JWT       in that copy (built with [signing] vc_jwt = true), the
//                .jwt beside the revoked, the kept and the expired
//                credentials, and the kept one's with its payload changed
//                (signature kept)
//   outside      did:key credentials signed by sign-outside.mjs: eddsa-rdfc-
//                2022 and Ed25519Signature2020 proofs (Digital Bazaar), and
//                a VC-JWT made by `jose`
// The proof column says how each credential is secured (its proof's
// cryptosuite or type, or "VC-JWT <alg>"), read from the file itself.
// The outside verifier's verdict in one word: errors or not verified ->
// invalid; revoked -> revoked; expired -> expired; else valid.
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile} from
  'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {isDeepStrictEqual, parseArgs} from 'node:util';
import {gzipSync} from 'node:zlib';
import {decodeProtectedHeader} from 'jose';
import {tamperJwt} from './jwt.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE_SITE = path.resolve(HERE, '../../example-site');
const USAGE = 'usage: node verdicts.mjs --accolade BIN [--port P] ' +
  '[--table FILE] [--work DIR]';
// The badge the expired credential is issued from (a badge of example-site
// with 3.0 credentials).
const BADGE = 'course-completion';

// ---- command line, child processes ----

function options() {
  let values;
  try {
    ({values} = parseArgs({options: {
      accolade: {type: 'string'},
      port: {type: 'string', default: '18766'},
      table: {type: 'string'},
      work: {type: 'string'}
    }}));
  } catch(e) {
    usage(e.message);
  }
  if(!values.accolade) {
    usage('missing --accolade');
  }
  const port = Number(values.port);
  if(!Number.isInteger(port) || port < 1 || port > 65535) {
    usage(`--port is not a port number: ${values.port}`);
  }
  return {...values, accolade: path.resolve(values.accolade), port};
}

function usage(msg) {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
}

// Runs a program: {code, stdout, stderr}. Asynchronous on purpose: `accolade
// verify` fetches from the server running in this very process.
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, {maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      if(error && typeof error.code !== 'number') {
        reject(new Error(`cannot run ${cmd}: ${error.message}`));
      } else {
        resolve({code: error ? error.code : 0, stdout, stderr});
      }
    });
  });
}

// Runs a step that must succeed (a build, a revoke...): its output becomes
// the error otherwise.
async function must(cmd, args) {
  const result = await run(cmd, args);
  if(result.code !== 0) {
    throw new Error(`${[cmd, ...args].join(' ')} exited with ` +
      `${result.code}:\n${result.stderr}${result.stdout}`);
  }
  return result;
}

// ---- serving a built site ----

const TYPES = {'.json': 'application/json',
  '.html': 'text/html; charset=utf-8'};

// A static server like `python3 -m http.server -d ROOT`: a folder's
// index.html, 404 for anything missing or outside ROOT. `server.root` is the
// site served, switched between builds of the same base URL.
async function serve(port) {
  const server = http.createServer(async (req, res) => {
    try {
      const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = path.join(server.root, rel);
      if(!file.startsWith(server.root + path.sep)) {
        throw new Error('outside the site');
      }
      if((await stat(file)).isDirectory()) {
        file = path.join(file, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, {'content-type':
        TYPES[path.extname(file)] || 'application/octet-stream'});
      res.end(body);
    } catch {
      res.writeHead(404, {'content-type': 'text/plain'});
      res.end('not found\n');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

// ---- the two verifiers ----

// accolade's verdict on FILE: `verify --format json`'s "verdict", with the
// details of its failed checks as the note.
async function accoladeVerdict(bin, file) {
  const {code, stdout, stderr} = await run(bin,
    ['verify', file, '--format', 'json']);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return {word: 'error', note: `exit ${code}: ${stderr.trim()}`};
  }
  const failed = (report.checks || []).filter(c => c.outcome === 'fail')
    .map(c => `${c.name}: ${c.detail || 'fail'}`);
  return {word: String(report.verdict), note: failed.join('; ')};
}

// The outside verifier's verdicts on FILES (one node run), judged against the
// built site in siteDir published at base: [{word, note}] in FILES' order.
async function outsideVerdicts(siteDir, base, files) {
  const {stdout} = await must(process.execPath, [path.join(HERE, 'verify.mjs'),
    '--site-dir', siteDir, '--base-url', base, ...files]);
  const lines = stdout.trim().split('\n').map(line => JSON.parse(line));
  if(lines.length !== files.length) {
    throw new Error(`verify.mjs gave ${lines.length} verdicts for ` +
      `${files.length} files:\n${stdout}`);
  }
  return lines.map(v => ({word: outsideWord(v), note: v.errors.join('; ')}));
}

function outsideWord(v) {
  if(v.errors.length > 0 || !v.verified) {
    return 'invalid';
  }
  if(v.revoked) {
    return 'revoked';
  }
  return v.expired ? 'expired' : 'valid';
}

// Judges CASES ({name, file, expected, accolade: false to skip it}) with the
// site siteDir served: the table's rows.
async function judge(ctx, siteDir, cases) {
  ctx.server.root = path.resolve(siteDir);
  const outside = await outsideVerdicts(siteDir, ctx.base,
    cases.map(c => c.file));
  const rows = [];
  for(const [i, c] of cases.entries()) {
    const accolade = c.accolade === false ? null :
      await accoladeVerdict(ctx.bin, c.file);
    rows.push({...c, proof: await proofOf(c.file), accolade,
      outside: outside[i]});
  }
  return rows;
}

// How FILE's credential is secured: "VC-JWT <alg>" for a compact JWS, else
// its proof's cryptosuite (Data Integrity) or type.
async function proofOf(file) {
  const text = (await readFile(file, 'utf8')).trim();
  if(!text.startsWith('{')) {
    try {
      return `VC-JWT ${decodeProtectedHeader(text).alg}`;
    } catch {
      return 'not JSON nor a JWT';
    }
  }
  const proofs = [JSON.parse(text).proof].flat().filter(Boolean);
  return proofs.map(p => p.cryptosuite || p.type).join(', ') || 'none';
}

// ---- building the cases ----

// The credential files of a built site, by name.
async function credentialFiles(out) {
  const dir = path.join(out, 'credentials');
  const names = (await readdir(dir)).filter(n => n.endsWith('.json')).sort();
  if(names.length === 0) {
    throw new Error(`${dir} has no credentials`);
  }
  return names.map(n => path.join(dir, n));
}

async function build(ctx, site, out, ...extra) {
  await must(ctx.bin, ['build', site, '--base-url', ctx.base, '--output', out,
    '--quiet', ...extra]);
}

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

// Rewrites the `key = "..."` line of a TOML file with `change(old value)`.
async function editToml(file, key, change) {
  const text = await readFile(file, 'utf8');
  const line = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm');
  const found = text.match(line);
  if(!found) {
    throw new Error(`no ${key} = "..." line in ${file}`);
  }
  // A JSON string is a valid TOML basic string for a path or a key.
  await writeFile(file, text.replace(line,
    `${key} = ${JSON.stringify(change(found[1]))}`));
}

// A copy of FILE with one letter of credentialSubject.achievement.name
// changed (its proof untouched).
async function tamper(file, copy) {
  const credential = await readJson(file);
  const achievement = credential.credentialSubject.achievement;
  const last = achievement.name.slice(-1);
  achievement.name = achievement.name.slice(0, -1) + (last === 'x' ? 'y' : 'x');
  await writeFile(copy, JSON.stringify(credential, null, 2));
  return copy;
}

// Case "valid" and "tampered": example-site itself, built.
async function exampleCases(ctx) {
  const out = path.join(ctx.work, 'example-out');
  await build(ctx, EXAMPLE_SITE, out);
  const files = await credentialFiles(out);
  const cases = files.map(file => ({name: 'valid', file, expected: 'valid'}));
  cases.push({name: 'tampered (achievement name)', expected: 'invalid',
    file: await tamper(files[0], path.join(ctx.work, 'tampered.json'))});
  cases.push(statusListCase(out, 'status list (example site)'));
  return judge(ctx, out, cases);
}

function statusListCase(out, name) {
  return {name, expected: 'valid', accolade: false,
    file: path.join(out, 'status', 'revocation.json')};
}

// A copy of example-site that builds from anywhere: its key_file made
// absolute (it is relative to the site folder).
async function copySite(dir) {
  await cp(EXAMPLE_SITE, dir, {recursive: true});
  await editToml(path.join(dir, 'accolade.toml'), 'key_file',
    keyFile => path.resolve(EXAMPLE_SITE, keyFile));
}

// Issues a credential with past dates in SITE: its file.
async function issueExpired(ctx, site) {
  const dir = path.join(site, 'credentials');
  const before = new Set(await readdir(dir));
  await must(ctx.bin, ['issue', '--site', site, '--badge', BADGE,
    '--email', 'expired@example.org', '--name', 'Expired Example',
    '--issued-on', '2020-01-01T00:00:00Z', '--expires', '2021-01-01T00:00:00Z',
    '--format', 'ob3']);
  const added = (await readdir(dir)).filter(n => !before.has(n));
  if(added.length !== 1) {
    throw new Error(`accolade issue added ${added.length} files to ${dir}`);
  }
  return added[0];
}

// SITE copied and built to OUT with a new key (keygen), at the same base URL:
// only the key differs from a build of SITE.
async function buildWithOtherKey(ctx, site, copy, out) {
  await cp(site, copy, {recursive: true});
  // keygen writes no key inside its --site: an empty folder stands in.
  const keyDir = path.join(ctx.work, 'other-key');
  await mkdir(keyDir);
  const keyFile = path.join(ctx.work, 'other-key.json');
  await must(ctx.bin, ['keygen', '-o', keyFile, '--site', keyDir]);
  const {publicKeyMultibase} = await readJson(keyFile);
  await editToml(path.join(copy, 'accolade.toml'), 'public_key',
    () => publicKeyMultibase);
  await build(ctx, copy, out, '--signing-key', keyFile);
}

// The wrong-key case is only meaningful if the two signed credentials are
// the same but for the proof value (same id, issuer, key id). accolade
// writes `proof` as a one-item list (1EdTech's JSON Schema wants a list).
async function checkOnlyKeyDiffers(file, otherFile) {
  const [a, b] = [await readJson(file), await readJson(otherFile)];
  const {proof: proofsA, ...bodyA} = a;
  const {proof: proofsB, ...bodyB} = b;
  const [pa, pb] = [[proofsA].flat(), [proofsB].flat()];
  const sameBody = isDeepStrictEqual(bodyA, bodyB);
  if(!sameBody || pa.length !== 1 || pb.length !== 1 ||
    pa[0].verificationMethod !== pb[0].verificationMethod ||
    pa[0].proofValue === pb[0].proofValue) {
    throw new Error(`${otherFile} should differ from ${file} by its ` +
      'signature only');
  }
}

// A copy of the built site OUT in DIR whose status list revokes nothing: the
// encodedList replaced by 131,072 zero bits (GZIP, multibase base64url),
// the list's proof left as it was.
async function forgeStatusList(out, dir) {
  await cp(out, dir, {recursive: true});
  const file = path.join(dir, 'status', 'revocation.json');
  const list = await readJson(file);
  list.credentialSubject.encodedList = 'u' +
    gzipSync(Buffer.alloc(131072 / 8)).toString('base64url');
  await writeFile(file, JSON.stringify(list, null, 2));
}

// Turns on the VC-JWT copies of a site's credentials: `vc_jwt = true` under
// [signing] in its accolade.toml.
async function enableVcJwt(file) {
  const text = await readFile(file, 'utf8');
  if(!/^\[signing\]\s*$/m.test(text)) {
    throw new Error(`no [signing] table in ${file}`);
  }
  await writeFile(file, text.replace(/^\[signing\]\s*$/m,
    '[signing]\nvc_jwt = true'));
}

// Cases "revoked" (and the other credential, not revoked), "expired",
// "wrong key" (and its control), the forged status list, and the VC-JWT
// copies of the first three: a copy of example-site.
async function copyCases(ctx) {
  const site = path.join(ctx.work, 'site');
  await copySite(site);
  await enableVcJwt(path.join(site, 'accolade.toml'));
  const [revoked, kept] = (await readdir(path.join(site, 'credentials')))
    .filter(n => n.endsWith('.json')).sort();
  await must(ctx.bin, ['revoke', '--site', site,
    path.basename(revoked, '.json'), '--reason', 'the verdict table\'s case']);
  const expired = await issueExpired(ctx, site);
  const out = path.join(ctx.work, 'copy-out');
  await build(ctx, site, out);

  const otherOut = path.join(ctx.work, 'other-key-out');
  await buildWithOtherKey(ctx, site, path.join(ctx.work, 'site-other-key'),
    otherOut);
  const wrongKey = path.join(otherOut, 'credentials', kept);
  await checkOnlyKeyDiffers(path.join(out, 'credentials', kept), wrongKey);

  const at = name => path.join(out, 'credentials', name);
  const rows = await judge(ctx, out, [
    {name: 'revoked (copy)', file: at(revoked), expected: 'revoked'},
    {name: 'not revoked (copy)', file: at(kept), expected: 'valid'},
    {name: 'expired (copy, issued 2020)', file: at(expired),
      expected: 'expired'},
    {name: 'wrong key (copy built with another key)', file: wrongKey,
      expected: 'invalid'},
    statusListCase(out, 'status list (copy, one revoked)')
  ]);
  // Control: against its own build the other-key credential is valid, so
  // only the key makes it invalid against the first build.
  rows.push(...await judge(ctx, otherOut, [{name:
    'wrong key, against its own build (control)', file: wrongKey,
    expected: 'valid'}]));
  const forged = path.join(ctx.work, 'forged-list-out');
  await forgeStatusList(out, forged);
  rows.push(...await judge(ctx, forged, [{name:
    'revoked, its status list forged to clear the bit', expected: 'invalid',
    file: path.join(forged, 'credentials', revoked)}]));
  rows.push(...await jwtCases(ctx, out, {revoked, kept, expired}));
  return rows;
}

// Case "VC-JWT": the .jwt accolade wrote beside each credential NAMES.x.json
// of the built copy OUT (verified against it), and the kept one's tampered.
async function jwtCases(ctx, out, names) {
  const at = name => path.join(out, 'credentials',
    path.basename(name, '.json') + '.jwt');
  const tampered = path.join(ctx.work, 'tampered.jwt');
  await writeFile(tampered, tamperJwt(await readFile(at(names.kept), 'utf8')));
  return judge(ctx, out, [
    {name: 'VC-JWT (copy, not revoked)', file: at(names.kept),
      expected: 'valid'},
    {name: 'VC-JWT of the revoked credential (copy)', file: at(names.revoked),
      expected: 'revoked'},
    {name: 'VC-JWT of the expired credential (copy)', file: at(names.expired),
      expected: 'expired'},
    {name: 'VC-JWT tampered (payload changed, signature kept)',
      file: tampered, expected: 'invalid'}
  ]);
}

// Case "outside": did:key credentials signed by Digital Bazaar's libraries
// and a VC-JWT made by jose (sign-outside.mjs).
async function outsideCases(ctx) {
  const dir = path.join(ctx.work, 'outside');
  await must(process.execPath, [path.join(HERE, 'sign-outside.mjs'),
    '--out-dir', dir]);
  const expected = {'valid.json': 'valid', 'tampered.json': 'invalid',
    'wrong-key.json': 'invalid', 'expired.json': 'expired',
    'ed2020-valid.json': 'valid', 'ed2020-tampered.json': 'invalid',
    'jwt-valid.jwt': 'valid', 'jwt-tampered.jwt': 'invalid'};
  return judge(ctx, dir, Object.entries(expected).map(([kind, verdict]) => ({
    name: `outside-signed ${kind.replace(/\.\w+$/, '')} (did:key)`,
    expected: verdict, file: path.join(dir, `outside-${kind}`)
  })));
}

// ---- the table ----

function passes(row) {
  return (!row.accolade || row.accolade.word === row.expected) &&
    row.outside.word === row.expected;
}

// A Markdown table cell: one line, no '|', at most `max` characters.
function cell(text, max = 120) {
  const flat = String(text).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function markdown(rows, work) {
  const lines = [
    '| case | credential | proof | expected | accolade | outside | result | ' +
      'why (accolade / outside) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ];
  for(const row of rows) {
    const accolade = row.accolade ? row.accolade.word : 'n/a';
    const why = [row.accolade?.note, row.outside.note].filter(Boolean)
      .map(n => cell(n, 60)).join(' / ');
    lines.push(`| ${cell(row.name)} | ${cell(path.relative(work, row.file))} ` +
      `| ${cell(row.proof)} | ${row.expected} | ${cell(accolade)} ` +
      `| ${row.outside.word} ` +
      `| ${passes(row) ? 'ok' : '**DIFFERS**'} | ${why} |`);
  }
  return lines.join('\n') + '\n';
}

// The work folder: --work DIR (new or empty, as the cases create their
// folders in it) or a new temp folder.
async function workFolder(dir) {
  if(!dir) {
    return mkdtemp(path.join(os.tmpdir(), 'ob3-verdicts-'));
  }
  await mkdir(dir, {recursive: true});
  if((await readdir(dir)).length > 0) {
    usage(`--work ${dir} is not empty`);
  }
  return path.resolve(dir);
}

// Prints the table (and writes it to --table FILE): the number of rows whose
// verdicts differ from the expected ones.
async function report(rows, opts, work) {
  const table = markdown(rows, work);
  console.log(table);
  if(opts.table) {
    await mkdir(path.dirname(path.resolve(opts.table)), {recursive: true});
    await writeFile(opts.table, table);
  }
  const wrong = rows.filter(r => !passes(r)).length;
  console.log(wrong === 0 ? `all ${rows.length} verdicts as expected` :
    `${wrong} of ${rows.length} cases have a verdict other than expected`);
  return wrong;
}

async function main() {
  const opts = options();
  const work = await workFolder(opts.work);
  const ctx = {bin: opts.accolade, base: `http://127.0.0.1:${opts.port}/`,
    work};
  let rows;
  try {
    ctx.server = await serve(opts.port);
    rows = [...await exampleCases(ctx), ...await copyCases(ctx),
      ...await outsideCases(ctx)];
  } catch(e) {
    console.error(`verdicts.mjs: ${e.message}\n(work folder kept: ${work})`);
    process.exitCode = 1;
    return;
  } finally {
    // Node 18 keeps idle keep-alive connections open after close().
    ctx.server?.closeAllConnections();
    ctx.server?.close();
  }
  const wrong = await report(rows, opts, work);
  if(wrong > 0) {
    console.log(`(work folder kept: ${work})`);
  } else if(!opts.work) {
    await rm(work, {recursive: true, force: true});
  }
  process.exitCode = wrong === 0 ? 0 : 1;
}

await main();
