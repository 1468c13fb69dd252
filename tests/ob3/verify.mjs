#!/usr/bin/env node
// Verifies Open Badges 3.0 credentials with Digital Bazaar's libraries (not
// ours) and prints one JSON verdict per file, so CI can compare them with
// `accolade verify`. Offline: see makeLoader in lib.mjs. A file holding a
// VC-JWT (compact JWS) has its signature checked by `jose` (jwt.mjs); its
// status and dates are judged as for the others.
//
//   node verify.mjs --site-dir DIR --base-url B [--now ISO] FILE...
//
// Verdict fields:
//   verified  the proof (and the library's structural checks) hold; judged at
//             `now`, or at validUntil when the credential has expired, so
//             that expiry is reported on its own in `expired`
//   revoked   the status bit from the BitstringStatusList (whose own proof
//             must verify); null when there is no status or it can't be read
//   expired   validUntil < now
// Exit code is 0 whatever the verdicts; 2 on a usage error.
import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import {verifyCredential} from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {isJwt, verifyVcJwt} from './jwt.mjs';
import {makeLoader, verifySuites} from './lib.mjs';

const USAGE =
  'usage: node verify.mjs --site-dir DIR --base-url B [--now ISO] FILE...';

function usage(msg) {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      'site-dir': {type: 'string'},
      'base-url': {type: 'string'},
      now: {type: 'string'}
    },
    allowPositionals: true
  });
} catch(e) {
  usage(e.message);
}
const {values, positionals: files} = args;
if(!values['site-dir'] || !values['base-url'] || files.length === 0) {
  usage('missing --site-dir, --base-url or FILE');
}
if(!values['base-url'].endsWith('/')) {
  usage('--base-url must end with "/"');
}
const now = values.now ? new Date(values.now) : new Date();
if(isNaN(now)) {
  usage(`--now is not a date: ${values.now}`);
}

const documentLoader = makeLoader({
  siteDir: values['site-dir'], baseUrl: values['base-url']
});

// Messages of an error and of the errors it wraps (jsonld-signatures nests
// the real reason, e.g. "Invalid signature.", a few levels down).
function messages(error) {
  const out = [];
  const seen = new Set();
  const walk = e => {
    if(!e || seen.has(e)) {
      return;
    }
    seen.add(e);
    if(e.message && !out.includes(e.message)) {
      out.push(e.message);
    }
    (e.errors || []).forEach(walk);
    walk(e.cause);
  };
  walk(error);
  return out;
}

async function verifyFile(file) {
  const verdict = {file, verified: false, revoked: null, expired: false,
    errors: []};
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch(e) {
    verdict.errors.push(`cannot read ${file}: ${e.message}`);
    return verdict;
  }
  if(isJwt(text)) {
    let credential, expiredJwt;
    try {
      ({credential, expired: expiredJwt} = await verifyVcJwt(text.trim(),
        {documentLoader, now}));
      verdict.verified = true;
    } catch(e) {
      verdict.errors.push(...messages(e));
      return verdict;
    }
    // A token's exp is its validUntil (OB 3.0 §8.2) when the credential
    // has none.
    verdict.expired = expiredJwt || expired(credential);
    await checkRevocation(credential, verdict);
    return verdict;
  }
  let credential;
  try {
    credential = JSON.parse(text);
  } catch(e) {
    verdict.errors.push(`cannot read ${file}: ${e.message}`);
    return verdict;
  }
  if(!(credential && typeof credential === 'object' &&
    !Array.isArray(credential))) {
    verdict.errors.push(`${file} is not a JSON object`);
    return verdict;
  }

  verdict.expired = expired(credential);

  // Judge the proof at a moment the credential was valid when it has
  // expired; expiry is its own field.
  const proofNow = verdict.expired ? new Date(credential.validUntil) : now;
  try {
    const result = await verifyCredential({
      credential,
      suite: verifySuites(),
      documentLoader,
      now: proofNow,
      // Status is checked below on its own, so that `revoked` and `verified`
      // are separate verdicts; vc insists on a function when there is one.
      checkStatus: async () => ({verified: true})
    });
    verdict.verified = result.verified === true;
    if(!verdict.verified) {
      verdict.errors.push(...messages(result.error));
      for(const r of result.results || []) {
        verdict.errors.push(...messages(r.error).filter(
          m => !verdict.errors.includes(m)));
      }
    }
  } catch(e) {
    verdict.errors.push(...messages(e));
  }
  await checkRevocation(credential, verdict);
  return verdict;
}

// validUntil < now.
function expired(credential) {
  const validUntil = credential.validUntil && new Date(credential.validUntil);
  return Boolean(validUntil && validUntil < now);
}

// Sets verdict.revoked from the credential's status list, if it has one.
async function checkRevocation(credential, verdict) {
  if(!credential.credentialStatus) {
    return;
  }
  // checkStatus verifies the status list credential's own proof (at the
  // real clock: the library passes no `now`) and that both credentials
  // have the same issuer. Only revocation entries decide `revoked`.
  const status = await checkStatus({
    credential, documentLoader, suite: verifySuites()
  });
  if(status.verified) {
    verdict.revoked = status.results.some(r => r.status === true &&
      r.credentialStatus.statusPurpose === 'revocation');
  } else {
    verdict.errors.push(...messages(status.error).map(m => `status: ${m}`));
  }
}

for(const file of files) {
  console.log(JSON.stringify(await verifyFile(file)));
}
