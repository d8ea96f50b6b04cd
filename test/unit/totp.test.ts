import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SecretBox } from '../../src/lib/secret-box.ts';
import { newTotpSecret, totpCode, totpUri, verifyTotp } from '../../src/lib/totp.ts';

describe('TOTP (RFC 6238)', () => {
  test('the RFC 6238 SHA-1 test vector: 59 seconds gives 287082 (last six digits of 94287082)', () => {
    // The RFC's key is the ASCII string "12345678901234567890"; in base32 that is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
    assert.equal(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', new Date(59_000)), '287082');
    assert.equal(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', new Date(1_111_111_109_000)), '081804');
  });

  test('a code is accepted once, with one step of drift, and never again', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-11-23T10:00:00Z');
    const code = totpCode(secret, now);
    const step = verifyTotp(secret, code, now, null);
    assert.ok(step);
    assert.equal(verifyTotp(secret, code, now, step), null, 'replay refused');
    const previous = totpCode(secret, new Date(now.getTime() - 30_000));
    assert.ok(verifyTotp(secret, previous, now, null), 'one step late is fine');
    const old = totpCode(secret, new Date(now.getTime() - 120_000));
    assert.equal(verifyTotp(secret, old, now, null), null, 'two minutes old is refused');
    assert.equal(verifyTotp(secret, 'abcdef', now, null), null);
  });

  test('the key URI names the issuer and account', () => {
    assert.match(totpUri(newTotpSecret(), 'Brookvale Homes', 'officer@brookvale.example'), /^otpauth:\/\/totp\/Brookvale%20Homes:officer%40brookvale\.example\?issuer=Brookvale%20Homes&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/);
  });
});

describe('secret box', () => {
  test('seals and opens; a different key or a changed byte opens nothing', () => {
    const box = new SecretBox('one-secret-one-secret-one-secret!!', 'totp');
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
    assert.equal(box.open(sealed), 'JBSWY3DPEHPK3PXP');
    assert.equal(new SecretBox('another-secret-another-secret-!!', 'totp').open(sealed), null);
    const tampered = sealed.slice(0, -3) + (sealed.endsWith('A') ? 'BBB' : 'AAA');
    assert.equal(box.open(tampered), null);
  });
});
