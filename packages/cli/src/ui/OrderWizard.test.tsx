import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { OrderWizard, cartTotal, type PickerItem } from './OrderWizard.js';
import { KEYS, frameMatching, press } from './test-keys.js';

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
    await frameMatching(lastFrame, 'Page 1/3');
    await press(stdin, KEYS.down, '+', '+');
    await frameMatching(lastFrame, /› Item 01\s+\$2\.20\s+× 2/);
    await press(stdin, KEYS.right);
    await frameMatching(lastFrame, 'Page 2/3');
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
    await frameMatching(lastFrame, 'Page 1/3');
    await press(stdin, '/', 'm', 'o', 'u', 's', 'e', KEYS.enter);
    const found = await frameMatching(lastFrame, 'Page 1/1');
    expect(found).toContain('› Wireless Mouse');
    expect(found).not.toContain('Item 00');
    await press(stdin, '+', KEYS.enter);
    await frameMatching(lastFrame, 'Total: $8.80');
    await press(stdin, 'n');
    await frameMatching(lastFrame, 'Pick items');
    expect(onSubmit).not.toHaveBeenCalled();
    unmount();
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
