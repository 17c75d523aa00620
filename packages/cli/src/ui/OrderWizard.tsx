import { Box, Text, useInput } from 'ink';
import { ConfirmInput } from '@inkjs/ui';
import { useMemo, useState, type ReactNode } from 'react';

export interface PickerItem {
  itemId: string;
  itemName: string;
  unitPrice: number;
}

export interface CartLine {
  itemId: string;
  itemName: string;
  unitPrice: number;
  quantity: number;
}

const money = (amount: number): string => `$${amount.toFixed(2)}`;
// Prices carry two decimals; summing cents avoids 0.1 + 0.2 drift in the displayed total.
export const cartTotal = (lines: readonly CartLine[]): number =>
  lines.reduce((cents, line) => cents + Math.round(line.unitPrice * 100) * line.quantity, 0) / 100;

/**
 * The interactive order: browse the catalog (↑↓ move, ←→ page), `/` to search by name, `+`/`-`
 * for quantities, Enter to review the cart with its total, then confirm.
 */
export function OrderWizard({
  items,
  pageSize = 10,
  onSubmit,
  onCancel,
}: {
  items: readonly PickerItem[];
  pageSize?: number;
  onSubmit: (lines: CartLine[]) => void;
  onCancel: () => void;
}): ReactNode {
  const [step, setStep] = useState<'browse' | 'search' | 'review'>('browse');
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const [quantities, setQuantities] = useState<ReadonlyMap<string, number>>(new Map());
  const [message, setMessage] = useState<string>();

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? items.filter((item) => item.itemName.toLowerCase().includes(needle)) : items;
  }, [items, query]);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const index = Math.min(cursor, Math.max(0, visible.length - 1));
  const page = Math.floor(index / pageSize);
  const lines: CartLine[] = items
    .filter((item) => (quantities.get(item.itemId) ?? 0) > 0)
    .map((item) => ({ ...item, quantity: quantities.get(item.itemId) ?? 0 }));
  const units = lines.reduce((n, line) => n + line.quantity, 0);

  const change = (delta: number): void => {
    const item = visible[index];
    if (!item) return;
    const next = new Map(quantities);
    const quantity = Math.min(1000, Math.max(0, (next.get(item.itemId) ?? 0) + delta));
    if (quantity === 0) next.delete(item.itemId);
    else next.set(item.itemId, quantity);
    setQuantities(next);
  };

  useInput(
    (input, key) => {
      setMessage(undefined);
      if (step === 'search') {
        if (key.return) setStep('browse');
        else if (key.escape) {
          setQuery('');
          setStep('browse');
        } else if (key.backspace || key.delete) setQuery(query.slice(0, -1));
        else if (input && !key.ctrl && !key.meta) {
          setQuery(query + input);
          setCursor(0);
        }
        return;
      }
      if (key.upArrow) setCursor(Math.max(0, index - 1));
      else if (key.downArrow) setCursor(Math.min(visible.length - 1, index + 1));
      else if (key.leftArrow || key.pageUp) setCursor(Math.max(0, (page - 1) * pageSize));
      else if (key.rightArrow || key.pageDown)
        setCursor(Math.min(visible.length - 1, (page + 1) * pageSize));
      else if (input === '+' || input === '=' || input === ' ') change(1);
      else if (input === '-') change(-1);
      else if (input === '/') setStep('search');
      else if (key.escape || input === 'q') onCancel();
      else if (key.return) {
        if (lines.length === 0) setMessage('The cart is empty: press + on an item first.');
        else setStep('review');
      }
    },
    { isActive: step !== 'review' },
  );

  if (step === 'review') {
    return (
      <Box flexDirection="column">
        <Text bold>Your cart</Text>
        {lines.map((line) => (
          <Text key={line.itemId}>
            {'  '}
            {line.quantity} × {line.itemName} @ {money(line.unitPrice)} = {money(cartTotal([line]))}
          </Text>
        ))}
        <Text bold>Total: {money(cartTotal(lines))}</Text>
        <Box>
          <Text>Place this order? </Text>
          <ConfirmInput onConfirm={() => onSubmit(lines)} onCancel={() => setStep('browse')} />
        </Box>
      </Box>
    );
  }

  const shown = visible.slice(page * pageSize, (page + 1) * pageSize);
  const nameWidth = Math.max(4, ...shown.map((item) => item.itemName.length));
  return (
    <Box flexDirection="column">
      <Text bold>Pick items</Text>
      <Text dimColor>↑↓ move · ←→ page · +/- quantity · / search · Enter review · Esc cancel</Text>
      {step === 'search' || query ? (
        <Text>
          Search: {query}
          {step === 'search' ? '▏' : ''}
        </Text>
      ) : null}
      {shown.length === 0 ? <Text dimColor>No items match.</Text> : null}
      {shown.map((item, i) => {
        const selected = page * pageSize + i === index;
        const quantity = quantities.get(item.itemId) ?? 0;
        return (
          <Text key={item.itemId} color={selected ? 'cyan' : undefined}>
            {selected ? '› ' : '  '}
            {item.itemName.padEnd(nameWidth)} {money(item.unitPrice).padStart(10)}
            {quantity > 0 ? `  × ${quantity}` : ''}
          </Text>
        );
      })}
      <Text dimColor>
        Page {page + 1}/{pages} · Cart: {units} {units === 1 ? 'unit' : 'units'},{' '}
        {money(cartTotal(lines))}
      </Text>
      {message ? <Text color="yellow">{message}</Text> : null}
    </Box>
  );
}
