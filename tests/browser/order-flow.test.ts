import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, openBrowser, screenshot, type OpenBrowser } from './support/console.js';

let open: OpenBrowser;
beforeAll(async () => { open = await openBrowser(); });
afterAll(async () => { await open?.close(); });

describe('the order flow in the console', () => {
  it('turns the synced demo order mail into a paid order by clicking', async () => {
    const { consoleUrl } = consoleSession();
    const page = await open.newPage();

    await page.goto(consoleUrl);
    await page.getByRole('link', { name: 'Jane Doe' }).click();
    const orderMail = page.locator('.timeline li').filter({ has: page.getByText('Order: 5 Large Black Widgets', { exact: true }) });
    await orderMail.getByRole('button').click();
    const thread = page.getByRole('dialog');
    await thread.getByRole('heading', { name: 'Order: 5 Large Black Widgets', level: 3 }).waitFor();
    await screenshot(page, 'customer-with-mail');
    await thread.getByRole('button', { name: 'Convert to order' }).click();

    const draft = page.getByRole('dialog', { name: 'Draft order' });
    const quantity = draft.getByRole('spinbutton', { name: /Quantity of/ });
    await quantity.waitFor();
    const parsedQuantity = await quantity.inputValue();
    const readFrom = await draft.locator('.read-from').first().innerText();
    const totalBefore = await draft.getByTestId('order-total').innerText();
    await quantity.fill('6');
    const totalAfter = await draft.getByTestId('order-total').innerText();
    await screenshot(page, 'draft-order');
    await draft.getByRole('button', { name: 'Confirm & send pay link' }).click();

    const status = page.getByTestId('order-status');
    await status.filter({ hasText: 'Awaiting payment' }).waitFor();
    const checkoutUrl = await page.getByRole('link', { name: 'open checkout' }).getAttribute('href');
    const checkout = await open.newPage();
    await checkout.goto(checkoutUrl!);
    const payLabel = await checkout.getByRole('button', { name: /^Pay / }).innerText();
    await checkout.getByRole('button', { name: /^Pay / }).click();
    await status.filter({ hasText: 'Paid' }).waitFor({ timeout: 60_000 });

    console.log(`line ${readFrom}`);
    console.log(`draft quantity ${parsedQuantity}, total ${totalBefore} → ${totalAfter}; checkout "${payLabel}"`);
    expect(parsedQuantity).toBe('5');
    expect(readFrom).toMatch(/^read (from|in the subject) “?.*5 Large Black Widgets/i);
    expect(totalAfter).not.toBe(totalBefore);
    expect(payLabel).toBe(`Pay ${totalAfter}`);
    expect(await status.innerText()).toBe('Paid');
    expect(open.errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
  });
});
