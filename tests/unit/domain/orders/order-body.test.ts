import { describe, expect, it } from 'vitest';
import { orderBody } from '../../../../shared/domain/orders/order-body.js';

describe('orderBody', () => {
  it('reads the HTML when the text part is its conversion with other white space', () => {
    const html = '<p>Hi,</p><p>please send 3 x Gadget Pro</p>';

    const body = orderBody({ text: '  Hi,\r\n\u00a0please   send 3 x\tGadget Pro \n', html });

    expect(body).toEqual({ from: 'html', text: 'Hi,\nplease send 3 x Gadget Pro' });
  });

  it('reads the text part when its words differ from the HTML, even only at the end', () => {
    const html = '<p>Hi,</p><p>please send 3 x Gadget Pro</p>';

    expect(orderBody({ text: 'Hi, please send 3 x Gadget Pros', html }).from).toBe('text');
    expect(orderBody({ text: 'Hi, please send 3 x Gadget', html }).from).toBe('text');
    expect(orderBody({ text: 'Hi, please send 3 xGadget Pro', html }).from).toBe('text');
  });
});
