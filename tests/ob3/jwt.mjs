// VC-JWT (VCDM 2.0 "Securing Verifiable Credentials using JOSE", as 1EdTech
// OB 3.0 §8.2 uses it) made and checked with the `jose` library, not ours:
// a compact JWS, EdDSA, whose payload is the credential plus the JWT claims
// iss, jti, nbf (and sub, exp when the credential has them). Keys are found
// with lib.mjs's offline loader: a did:web key in the site's DID document,
// a did:key computed from the DID.
import * as jose from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

// The JWT registered claims (RFC 7519 §4.1): beside the credential's own
// members in the payload, not part of the credential.
const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

// Whether TEXT is a compact JWS (three base64url parts).
export function isJwt(text) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text.trim());
}

const seconds = date => Math.floor(new Date(date).getTime() / 1000);

function issuerId(credential) {
  const issuer = credential.issuer;
  return typeof issuer === 'string' ? issuer : issuer?.id;
}

// Signs CREDENTIAL as a VC-JWT with KEYPAIR (an Ed25519 Multikey key pair
// from lib.mjs's newKey); kid is the key pair's id.
export async function signVcJwt(credential, keyPair) {
  const payload = {...credential, iss: issuerId(credential),
    jti: credential.id, nbf: seconds(credential.validFrom)};
  if(credential.credentialSubject?.id) {
    payload.sub = credential.credentialSubject.id;
  }
  if(credential.validUntil) {
    payload.exp = seconds(credential.validUntil);
  }
  // The key pair's secretKey is seed + public key; a JWK's d is the seed.
  const jwk = {...await Ed25519Multikey.toJwk({keyPair}),
    d: jose.base64url.encode(keyPair.secretKey.slice(0, 32))};
  return new jose.SignJWT(payload)
    .setProtectedHeader({alg: 'EdDSA', typ: 'JWT', kid: keyPair.id})
    .sign(await jose.importJWK(jwk, 'EdDSA'));
}

// TOKEN with its payload's credentialSubject.achievement.name changed by
// one letter, header and signature kept.
export function tamperJwt(token) {
  const [header, payload, signature] = token.trim().split('.');
  const claims = JSON.parse(
    new TextDecoder().decode(jose.base64url.decode(payload)));
  const achievement = (claims.vc || claims).credentialSubject.achievement;
  const last = achievement.name.slice(-1);
  achievement.name = achievement.name.slice(0, -1) + (last === 'x' ? 'y' : 'x');
  return [header, jose.base64url.encode(JSON.stringify(claims)), signature]
    .join('.');
}

// The public key the header's kid names, for jose: its verification method
// (through the loader), as a JWK (publicKeyJwk, or the Multikey's
// publicKeyMultibase converted to OKP/Ed25519).
async function keyOf(kid, documentLoader) {
  const {document: method} = await documentLoader(kid);
  const jwk = method.publicKeyJwk || await Ed25519Multikey.toJwk({
    keyPair: await Ed25519Multikey.from(method)});
  return jose.importJWK(jwk, 'EdDSA');
}

// Verifies a VC-JWT at NOW: {credential, expired (its exp is past)}, or
// throws why not. The signature (EdDSA only) with the kid's key, nbf
// (validFrom), and that the kid is the issuer's and the claims agree with
// the credential. An expired token is judged just before its exp, so that
// expiry is reported on its own, as verify.mjs does for Data Integrity
// proofs.
export async function verifyVcJwt(token, {documentLoader, now}) {
  const {kid} = jose.decodeProtectedHeader(token);
  if(!kid) {
    throw new Error('the JWT names no key (kid)');
  }
  const {exp} = jose.decodeJwt(token);
  const expired = typeof exp === 'number' && exp * 1000 < now.getTime();
  const {payload} = await jose.jwtVerify(token,
    await keyOf(kid, documentLoader), {algorithms: ['EdDSA'],
      currentDate: expired ? new Date((exp - 1) * 1000) : now});
  let credential = payload.vc;
  if(!credential) {
    credential = {...payload};
    for(const claim of REGISTERED_CLAIMS) {
      delete credential[claim];
    }
  }
  const issuer = issuerId(credential);
  if(kid.split('#')[0] !== issuer) {
    throw new Error(`the JWT's key ${kid} is not the issuer's (${issuer})`);
  }
  if(payload.iss !== issuer || payload.jti !== credential.id) {
    throw new Error('the JWT claims iss/jti differ from the credential');
  }
  return {credential, expired};
}
