import { describe, expect, it } from 'vitest';
import { isReplySubject, normalizeSubject, startsAsReply, stripSubjectPrefixes, subjectKey } from '../../../../shared/domain/mail/normalize-subject.js';

describe('normalizeSubject', () => {
  it('strips repeated reply and forward prefixes in several languages', () => {
    expect(normalizeSubject('Re: RE: Fwd: FW: AW: SV: WG: Order: 5 widgets')).toBe('Order: 5 widgets');
    expect(normalizeSubject('Re[2]: Re(3)： Order')).toBe('Order');
  });

  it('strips leading bracket tags but keeps tags inside the subject', () => {
    expect(normalizeSubject('[EXTERNAL] Re: [acme-users] Order [#123]')).toBe('Order [#123]');
  });

  it('does not strip words that only start like a prefix', () => {
    expect(normalizeSubject('Reorder')).toBe('Reorder');
    expect(normalizeSubject('Request: quote')).toBe('Request: quote');
  });

  it('compares case- and space-insensitively through subjectKey', () => {
    expect(subjectKey('RE:  Order   FOR widgets')).toBe(subjectKey('order for Widgets'));
  });
});

describe('isReplySubject', () => {
  it('tells replies and forwards from first mails', () => {
    expect(isReplySubject('[EXTERNAL] RE: Order')).toBe(true);
    expect(isReplySubject('Order: Re-stock')).toBe(false);
  });
});

describe('stripSubjectPrefixes and startsAsReply', () => {
  it('strips reply and forward prefixes but keeps tags and case', () => {
    expect(stripSubjectPrefixes('Re: Fwd: [EXT] Order 5 Widgets')).toBe('[EXT] Order 5 Widgets');
    expect(stripSubjectPrefixes('  WG: TR: ENC: 10 boxes')).toBe('10 boxes');
    expect(stripSubjectPrefixes('Reorder 10 boxes')).toBe('Reorder 10 boxes');
  });

  it('tells a reply from a forward by the first prefix', () => {
    expect(startsAsReply('Re: Fwd: order')).toBe(true);
    expect(startsAsReply('AW[2]: order')).toBe(true);
    expect(startsAsReply('Fwd: Re: order')).toBe(false);
    expect(startsAsReply('WG: order')).toBe(false);
    expect(startsAsReply('Order: 5 widgets')).toBe(false);
  });
});
