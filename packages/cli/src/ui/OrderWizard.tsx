import { Box, Text, useStdout } from 'ink';
import { useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { money } from '../format.js';
import { useKeys, type KeyPress } from './keys.js';
import { editField } from './text-field.js';

export interface PickerItem {
  itemId: string;
  itemName: string;
  unitPrice: number;
  /** Units that can be ordered now (the quick inventory view); unknown when left out. */
  available?: number;
}

export interface CartLine {
  itemId: string;
  itemName: string;
  unitPrice: number;
  quantity: number;
}

/** The API's limit on one order line. */
const MAX_QUANTITY = 1000;
/** Lines around the item list: title, key help, search, page footer, message, and one spare. */
const CHROME_ROWS = 6;
const MAX_PAGE_SIZE = 10;

// Prices carry two decimals; summing cents avoids 0.1 + 0.2 drift in the displayed total.
export const cartTotal = (lines: readonly CartLine[]): number =>
  lines.reduce((cents, line) => cents + Math.round(line.unitPrice * 100) * line.quantity, 0) / 100;

interface WizardState {
  step: 'browse' | 'search' | 'review' | 'discard';
  query: string;
  cursor: number;
  quantities: Readonly<Record<string, number>>;
  message?: string;
  cancelled: boolean;
  confirmed: boolean;
}

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
  press: KeyPress,
  items: readonly PickerItem[],
  pageSize: number,
): WizardState {
  const { input, key } = press;
  const next = { ...state, message: undefined };
  if (state.step === 'review') {
    // Y or Enter places the order; N or Esc goes back to the cart.
    if (key.return || input === 'y' || input === 'Y') return { ...next, confirmed: true };
    if (key.escape || input === 'n' || input === 'N') return { ...next, step: 'browse' };
    return next;
  }
  if (state.step === 'discard') {
    if (input === 'y' || input === 'Y') return { ...next, cancelled: true };
    // Anything else keeps the cart: a stray key must not throw it away.
    return { ...next, step: 'browse' };
  }
  if (state.step === 'search') {
    const edit = editField(state.query, press);
    if (edit.type === 'submit') return { ...next, step: 'browse' };
    if (edit.type === 'cancel') return { ...next, step: 'browse', query: '', cursor: 0 };
    if (edit.type === 'change') return { ...next, query: edit.value, cursor: 0 };
    return next;
  }
  const visible = matching(items, state.query);
  const last = Math.max(0, visible.length - 1);
  const index = Math.min(state.cursor, last);
  const page = Math.floor(index / pageSize);
  const change = (delta: number): WizardState => {
    const item = visible[index];
    if (!item) return next;
    const current = state.quantities[item.itemId] ?? 0;
    const limit = Math.min(MAX_QUANTITY, item.available ?? MAX_QUANTITY);
    if (delta > 0 && current >= limit) {
      const why =
        limit === MAX_QUANTITY
          ? `${MAX_QUANTITY} is the most one order takes of ${item.itemName}.`
          : limit === 0
            ? `${item.itemName} is out of stock.`
            : `Only ${limit} of ${item.itemName} available.`;
      return { ...next, message: why };
    }
    const quantity = Math.max(0, current + delta);
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
  if (key.escape || input === 'q') {
    return Object.keys(state.quantities).length === 0
      ? { ...next, cancelled: true }
      : { ...next, step: 'discard' };
  }
  if (key.return) {
    return Object.keys(state.quantities).length === 0
      ? { ...next, message: 'The cart is empty: press + on an item first.' }
      : { ...next, step: 'review' };
  }
  return next;
}

/** The terminal's height, following resizes; undefined off a terminal (tests). */
function useTerminalRows(): number | undefined {
  const { stdout } = useStdout();
  const [rows, setRows] = useState<number | undefined>(stdout.rows);
  useEffect(() => {
    const onResize = (): void => setRows(stdout.rows);
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return rows;
}

/**
 * Items per page: as many as fit under the screen's other lines. A frame as tall as the terminal
 * makes Ink clear the whole screen, scrollback included, on every redraw.
 */
export function pickerPageSize(rows: number | undefined): number {
  if (!rows) return MAX_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, rows - CHROME_ROWS));
}

const stockText = (available: number | undefined): string =>
  available === undefined ? '' : available === 0 ? 'out of stock' : `${available} left`;

/**
 * The interactive order: browse the catalog (↑↓ move, ←→ page), `/` to search by name, `+`/`-`
 * for quantities (capped at the stock), Enter to review the cart with its total, then confirm.
 */
export function OrderWizard({
  items,
  pageSize: fixedPageSize,
  onSubmit,
  onCancel,
}: {
  items: readonly PickerItem[];
  /** Fixed items per page; by default the page follows the terminal's height. */
  pageSize?: number;
  onSubmit: (lines: CartLine[]) => void;
  onCancel: () => void;
}): ReactNode {
  const rows = useTerminalRows();
  const pageSize = fixedPageSize ?? pickerPageSize(rows);
  const [state, dispatch] = useReducer(
    (current: WizardState, press: KeyPress) => reduce(current, press, items, pageSize),
    INITIAL,
  );
  const { step, query, quantities, message } = state;
  // One input handler for every step: swapping handlers between steps would drop a key typed
  // while the next step's handler is not yet attached.
  useKeys(dispatch);
  useEffect(() => {
    if (state.cancelled) onCancel();
  }, [state.cancelled, onCancel]);

  const visible = matching(items, query);
  const index = Math.min(state.cursor, Math.max(0, visible.length - 1));
  const page = Math.floor(index / pageSize);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const lines: CartLine[] = items
    .filter((item) => (quantities[item.itemId] ?? 0) > 0)
    .map(({ itemId, itemName, unitPrice }) => ({
      itemId,
      itemName,
      unitPrice,
      quantity: quantities[itemId] ?? 0,
    }));
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
          <Text key={line.itemId} wrap="truncate-middle">
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
  // Widths come from the whole catalog, so the price column stays put from page to page.
  const nameWidth = Math.max(4, ...items.map((item) => item.itemName.length));
  const priceWidth = Math.max(...items.map((item) => money(item.unitPrice).length));
  const stockWidth = Math.max(0, ...items.map((item) => stockText(item.available).length));
  const cart = `Cart: ${units} ${units === 1 ? 'unit' : 'units'}, ${money(cartTotal(lines))}`;
  return (
    <Box flexDirection="column">
      <Text bold>Pick items</Text>
      <Text dimColor wrap="truncate-end">
        ↑↓ move · ←→ page · +/- quantity · / search · Enter review · Esc cancel
      </Text>
      {step === 'search' || query ? (
        <Text wrap="truncate-start">
          Search: {query}
          {step === 'search' ? <Text inverse> </Text> : null}
        </Text>
      ) : null}
      {shown.length === 0 ? <Text dimColor>No items match.</Text> : null}
      {shown.map((item, i) => {
        const selected = page * pageSize + i === index;
        const quantity = quantities[item.itemId] ?? 0;
        // The name is cut first on a narrow terminal: price, stock and quantity stay readable.
        return (
          <Box key={item.itemId}>
            <Box flexShrink={1} flexGrow={0} width={nameWidth + 2}>
              <Text color={selected ? 'cyan' : undefined} wrap="truncate-end">
                {selected ? '› ' : '  '}
                {item.itemName}
              </Text>
            </Box>
            <Box flexShrink={0}>
              <Text color={selected ? 'cyan' : undefined}>
                {' '}
                {money(item.unitPrice).padStart(priceWidth)}
                {stockWidth ? `  ${stockText(item.available).padStart(stockWidth)}` : ''}
                {quantity > 0 ? `  × ${quantity}` : ''}
              </Text>
            </Box>
          </Box>
        );
      })}
      <Text dimColor wrap="truncate-end">
        Page {page + 1} of {pages} · {cart}
      </Text>
      {step === 'discard' ? (
        <Text color="yellow">
          Discard the cart ({units} {units === 1 ? 'unit' : 'units'})? (y/N)
        </Text>
      ) : message ? (
        <Text color="yellow" wrap="truncate-end">
          {message}
        </Text>
      ) : null}
    </Box>
  );
}
