import { redactDeep } from './redact.js';

// Kinds found only after their words ("passport", "date of birth", "SSN") are found too when the
// words are an attribute's key, as senders' JSON usually puts them.
describe('redactDeep with keys that say what their value is', () => {
  it.each([
    [{ passport: 'K1234567' }, { passport: '[PASSPORT]' }],
    [{ 'passport number': '123456789' }, { 'passport number': '[PASSPORT]' }],
    [{ passport_no: 123456789 }, { passport_no: '[PASSPORT]' }],
    [{ date_of_birth: '1990-05-17' }, { date_of_birth: '[DATE_OF_BIRTH]' }],
    [{ dateOfBirth: '17/05/1990' }, { dateOfBirth: '[DATE_OF_BIRTH]' }],
    [{ DOB: 'May 17, 1990' }, { DOB: '[DATE_OF_BIRTH]' }],
    [{ ssn: '123456789' }, { ssn: '[SSN]' }],
    [{ customer: { socialSecurityNumber: '123 45 6789' } }, { customer: { socialSecurityNumber: '[SSN]' } }],
  ])('%j becomes %j', (input, expected) => {
    const { value, counts } = redactDeep(input);
    expect(value).toEqual(expected);
    expect(Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(1);
  });

  it('leaves values that are not of the kind the key names, and keys that only contain the letters', () => {
    const input = { passport: 'expired', date_of_birth: 'unknown', adobe_version: '123456789', dob_checked: true, birthdays: ['2026-01-01 party'] };
    expect(redactDeep(input)).toEqual({ value: { ...input, birthdays: ['2026-01-01 party'] }, counts: {} });
  });

  it('still applies every other rule to such a value', () => {
    expect(redactDeep({ passport: 'jane@example.com' }).value).toEqual({ passport: '[EMAIL]' });
  });
});
