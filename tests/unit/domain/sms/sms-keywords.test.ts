import { describe, expect, it } from 'vitest';
import { keywordOf } from '../../../../shared/domain/sms/sms-keywords.js';

describe('keywordOf', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'CANCEL', 'End', 'QUIT', 'OPTOUT', 'REVOKE'])('reads %j as an opt-out', (body) => {
    expect(keywordOf(body)).toBe('opt-out');
  });

  it.each(['START', 'start', 'UNSTOP'])('reads %j as an opt-in', (body) => {
    expect(keywordOf(body)).toBe('opt-in');
  });

  it.each(['HELP', 'help!', 'INFO'])('reads %j as a request for help', (body) => {
    expect(keywordOf(body)).toBe('help');
  });

  it.each(['please stop texting me at night', 'Stop by at 5?', 'starting tomorrow', 'helpful, thanks'])('leaves the message %j for staff', (body) => {
    expect(keywordOf(body)).toBeUndefined();
  });
});
