import { Box, Text, useInput, type Key } from 'ink';
import { useEffect, useReducer, useRef, type ReactNode } from 'react';

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

interface WizardState {
  step: 'browse' | 'search' | 'review';
  query: string;
  cursor: number;
  quantities: Readonly<Record<string, number>>;
  message?: string;
  cancelled: boolean;
  confirmed: boolean;
}

type WizardAction = { input: string; key: Key };

const INITIAL: WizardState = {
  step: 'browse',
  query: '',
  cursor: 0,
  quantities: {},
  cancelled: false,
  confirmed: false,
};

function matching(items: readonly PickerItem[], query: string): readonly PickerItem[] {
  const needle = query.trim().toLowerCase();
  return needle ? items.filter((item) => item.itemName.toLowerCase().includes(needle)) : items;
}

/**
 * Every key goes through this reducer, so keys that arrive faster than React renders (typing,
 * pasting) each see the state the previous one left.
 */
function reduce(
  state: WizardState,
  action: WizardAction,
  items: readonly PickerItem[],
  pageSize: number,
): WizardState {
  const { input, key } = action;
  const next = { ...state, message: undefined };
  if (state.step === 'review') {
    // Y or Enter places the order; N or Esc goes back to the cart.
    if (key.return || input === 'y' || input === 'Y') return { ...next, confirmed: true };
    if (key.escape || input === 'n' || input === 'N') return { ...next, step: 'browse' };
    return next;
  }
  if (state.step === 'search') {
    if (key.return) return { ...next, step: 'browse' };
    if (key.escape) return { ...next, step: 'browse', query: '', cursor: 0 };
    if (key.backspace || key.delete) return { ...next, query: state.query.slice(0, -1), cursor: 0 };
    if (input && !key.ctrl && !key.meta) return { ...next, query: state.query + input, cursor: 0 };
    return next;
  }
  const visible = matching(items, state.query);
  const last = Math.max(0, visible.length - 1);
  const index = Math.min(state.cursor, last);
  const page = Math.floor(index / pageSize);
  const change = (delta: number): WizardState => {
    const item = visible[index];
    if (!item) return next;
    const quantity = Math.min(1000, Math.max(0, (state.quantities[item.itemId] ?? 0) + delta));
    const { [item.itemId]: _, ...others } = state.quantities;
    return { ...next, quantities: quantity > 0 ? { ...others, [item.itemId]: quantity } : others };
  };
  if (key.upArrow) return { ...next, cursor: Math.max(0, index - 1) };
  if (key.downArrow) return { ...next, cursor: Math.min(last, index + 1) };
  if (key.leftArrow || key.pageUp) return { ...next, cursor: Math.max(0, (page - 1) * pageSize) };
  if (key.rightArrow || key.pageDown)
    return { ...next, cursor: Math.min(last, (page + 1) * pageSize) };
  if (input === '+' || input === '=' || input === ' ') return change(1);
  if (input === '-') return change(-1);
  if (input === '/') return { ...next, step: 'search' };
  if (key.escape || input === 'q') return { ...next, cancelled: true };
  if (key.return) {
    return Object.keys(state.quantities).length === 0
      ? { ...next, message: 'The cart is empty: press + on an item first.' }
      : { ...next, step: 'review' };
  }
  return next;
}

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
  const [state, dispatch] = useReducer(
    (current: WizardState, action: WizardAction) => reduce(current, action, items, pageSize),
    INITIAL,
  );
  const { step, query, quantities, message } = state;
  // One input handler for every step: swapping handlers between steps would drop a key typed
  // while the next step's handler is not yet attached.
  useInput((input, key) => dispatch({ input, key }));
  useEffect(() => {
    if (state.cancelled) onCancel();
  }, [state.cancelled, onCancel]);

  const visible = matching(items, query);
  const index = Math.min(state.cursor, Math.max(0, visible.length - 1));
  const page = Math.floor(index / pageSize);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const lines: CartLine[] = items
    .filter((item) => (quantities[item.itemId] ?? 0) > 0)
    .map((item) => ({ ...item, quantity: quantities[item.itemId] ?? 0 }));
  const units = lines.reduce((n, line) => n + line.quantity, 0);
  const submitted = useRef(false);
  useEffect(() => {
    if (state.confirmed && !submitted.current) {
      submitted.current = true;
      onSubmit(lines);
    }
  });

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
        <Text>{state.confirmed ? 'Placing the order…' : 'Place this order? (Y/n)'}</Text>
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
        const quantity = quantities[item.itemId] ?? 0;
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
