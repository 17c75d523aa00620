import type { Command } from 'commander';
import { collect, jsonObject, price } from '../action.js';

export interface ItemFieldFlags {
  upc?: string;
  name?: string;
  price?: number;
  pictureUrl?: string[];
  metadata?: Record<string, unknown>;
}

/** The flags `items create` and `items update` share. */
export function itemFieldOptions(command: Command): Command {
  return command
    .option('--upc <upc>', 'UPC, 6 to 14 digits')
    .option('--name <name>', 'item name')
    .option('--price <amount>', 'unit price, e.g. 19.99', price)
    .option('--picture-url <url>', 'picture URL (repeatable)', collect)
    .option('--metadata <json>', 'free-form JSON object', jsonObject);
}

/** Flags → API field names; absent flags stay absent (updates are partial). */
export function itemBody(flags: ItemFieldFlags): Record<string, unknown> {
  const body: Record<string, unknown> = {
    upc: flags.upc,
    itemName: flags.name,
    unitPrice: flags.price,
    pictureUrls: flags.pictureUrl,
    metadata: flags.metadata,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
