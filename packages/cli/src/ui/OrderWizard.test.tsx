import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { OrderWizard, cartTotal, pickerPageSize, type PickerItem } from './OrderWizard.js';
import { KEYS, frameMatching, press } from '../../test/keys.js';

const items: PickerItem[] = Array.from({ length: 12 }, (_, i) => ({
  itemId: `${String(i).padStart(24, 'a')}`,
  itemName: i === 7 ? 'Wireless Mouse' : `Item ${String(i).padStart(2, '0')}`,
  unitPrice: 1.1 * (i + 1),
}));

describe('OrderWizard', () => {
  it('browses with arrows, pages, sets quantities, reviews the total and confirms', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard items={items} pageSize={5} onSubmit={onSubmit} onCancel={() => undefined} />,
    );
    await frameMatching(lastFrame, 'Page 1 of 3');
    await press(stdin, KEYS.down, '+', '+');
    await frameMatching(lastFrame, /› Item 01\s+\$2\.20\s+× 2/);
    await press(stdin, KEYS.right);
    await frameMatching(lastFrame, 'Page 2 of 3');
    await press(stdin, '+');
    await frameMatching(lastFrame, 'Cart: 3 units, $11.00');
    await press(stdin, KEYS.enter);
    const review = await frameMatching(lastFrame, 'Total: $11.00');
    expect(review).toContain('2 × Item 01 @ $2.20 = $4.40');
    expect(review).toContain('1 × Item 05 @ $6.60 = $6.60');
    await press(stdin, 'y');
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    expect(onSubmit.mock.calls[0]?.[0]).toEqual([
      { ...items[1], quantity: 2 },
      { ...items[5], quantity: 1 },
    ]);
    unmount();
  });

  it('searches by name and goes back from the review without submitting', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard items={items} pageSize={5} onSubmit={onSubmit} onCancel={() => undefined} />,
    );
    await frameMatching(lastFrame, 'Page 1 of 3');
    await press(stdin, '/', 'm', 'o', 'u', 's', 'e', KEYS.enter);
    const found = await frameMatching(lastFrame, 'Page 1 of 1');
    expect(found).toContain('› Wireless Mouse');
    expect(found).not.toContain('Item 00');
    await press(stdin, '+', KEYS.enter);
    await frameMatching(lastFrame, 'Total: $8.80');
    await press(stdin, 'n');
    await frameMatching(lastFrame, 'Pick items');
    expect(onSubmit).not.toHaveBeenCalled();
    unmount();
  });

  it('takes a burst of keys in one read as the same keys typed one by one', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard items={items} pageSize={5} onSubmit={onSubmit} onCancel={() => undefined} />,
    );
    await frameMatching(lastFrame, 'Page 1 of 3');
    // A terminal hands a paste (or fast typing) to Ink as one chunk: "/mouse⏎" then "++⏎".
    await press(stdin, '/mouse\r');
    const found = await frameMatching(lastFrame, 'Page 1 of 1');
    expect(found).toMatch(/Search: mouse\s*$/m);
    await press(stdin, '++\r');
    const review = await frameMatching(lastFrame, 'Total: $17.60');
    expect(review).toContain('2 × Wireless Mouse');
    await press(stdin, 'y');
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    unmount();
  });

  it('inserts a bracketed paste as text: its line break neither searches nor submits', async () => {
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard
        items={items}
        pageSize={5}
        onSubmit={() => undefined}
        onCancel={() => undefined}
      />,
    );
    await frameMatching(lastFrame, 'Page 1 of 3');
    await press(stdin, '/');
    await press(stdin, '\u001B[200~wire\r\u001B[201~');
    const frame = await frameMatching(lastFrame, /Search: wire/);
    expect(frame).toContain('Wireless Mouse');
    expect(frame).not.toContain('Item 00');
    unmount();
  });

  it('caps + at the units in stock, with a note naming the item', async () => {
    const stocked = items.map((item, i) => ({
      ...item,
      available: i === 0 ? 2 : i === 1 ? 0 : 50,
    }));
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard
        items={stocked}
        pageSize={5}
        onSubmit={() => undefined}
        onCancel={() => undefined}
      />,
    );
    const first = await frameMatching(lastFrame, 'Page 1 of 3');
    expect(first).toMatch(/Item 00\s+\$1\.10\s+2 left/);
    expect(first).toMatch(/Item 01\s+\$2\.20\s+out of stock/);
    await press(stdin, '+++');
    const capped = await frameMatching(lastFrame, 'Only 2 of Item 00 available.');
    expect(capped).toContain('Cart: 2 units');
    await press(stdin, KEYS.down, '+');
    await frameMatching(lastFrame, 'Item 01 is out of stock.');
    unmount();
  });

  it('keeps the price column in place from page to page, with thousands separators', async () => {
    const priced = [
      { itemId: 'a', itemName: 'A very long product name', unitPrice: 1234.5 },
      { itemId: 'b', itemName: 'Short', unitPrice: 1 },
    ];
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard
        items={priced}
        pageSize={1}
        onSubmit={() => undefined}
        onCancel={() => undefined}
      />,
    );
    const one = await frameMatching(lastFrame, 'Page 1 of 2');
    await press(stdin, KEYS.right);
    const two = await frameMatching(lastFrame, 'Page 2 of 2');
    const end = (frame: string, price: string): number =>
      (frame.split('\n').find((line) => line.includes(price)) ?? '').indexOf(price) + price.length;
    expect(one).toContain('$1,234.50');
    expect(end(one, '$1,234.50')).toBe(end(two, '$1.00'));
    unmount();
  });

  it('asks before Esc or q throws a cart away', async () => {
    const onCancel = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard items={items} pageSize={5} onSubmit={() => undefined} onCancel={onCancel} />,
    );
    await frameMatching(lastFrame, 'Page 1 of 3');
    await press(stdin, '+', KEYS.escape);
    await frameMatching(lastFrame, 'Discard the cart (1 unit)? (y/N)');
    await press(stdin, 'n');
    await frameMatching(lastFrame, /Cart: 1 unit,[^\n]*$/m);
    expect(lastFrame()).not.toContain('Discard');
    await press(stdin, 'q');
    await frameMatching(lastFrame, 'Discard the cart');
    expect(onCancel).not.toHaveBeenCalled();
    await press(stdin, 'y');
    await expect.poll(() => onCancel.mock.calls.length).toBe(1);
    unmount();
  });

  it('sizes its page to the terminal so the frame never fills it', () => {
    expect(pickerPageSize(undefined)).toBe(10);
    expect(pickerPageSize(40)).toBe(10);
    expect(pickerPageSize(12)).toBe(6);
    expect(pickerPageSize(5)).toBe(1);
  });

  it('will not review an empty cart, and Esc cancels', async () => {
    const onCancel = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <OrderWizard items={items} onSubmit={() => undefined} onCancel={onCancel} />,
    );
    await frameMatching(lastFrame, 'Pick items');
    await press(stdin, KEYS.enter);
    await frameMatching(lastFrame, 'The cart is empty');
    await press(stdin, KEYS.escape);
    await expect.poll(() => onCancel.mock.calls.length).toBe(1);
    unmount();
  });

  it('adds money in cents', () => {
    expect(cartTotal([{ itemId: 'a', itemName: 'a', unitPrice: 0.1, quantity: 3 }])).toBe(0.3);
  });
});
