import { readFile } from 'node:fs/promises';
import { Argument, Command, InvalidArgumentError } from 'commander';
import { completeWith } from '../../completion.js';
import { UsageError } from '../../errors.js';
import { checkId, isIdName } from '../../ids.js';
import {
  closestTemplates,
  findOperation,
  operationList,
  type Operation,
} from '../../operations.js';
import { callApi, callApiPages, type ApiCall } from '../../services/api.js';
import { responseError } from '../../services/errors.js';
import { showApiResponse } from '../../views.js';
import { action, collect, readStdin } from '../action.js';
import { examples } from '../help.js';

interface ApiFlags {
  rawField?: string[];
  field?: string[];
  input?: string;
  header?: string[];
  paginate?: boolean;
  include?: boolean;
  idempotencyKey?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `key=value` → [key, value]; the key must not be empty. */
function splitField(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} ${text}: expected key=value.`, `e.g. ${flag} size=5`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** A typed (-F) value: JSON when it parses as JSON (5, true, null, [..], {..}), text otherwise. */
function typed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function fieldValue(value: string): Promise<unknown> {
  if (!value.startsWith('@')) return typed(value);
  const source = value.slice(1);
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  return typed(text.replace(/\r?\n$/, ''));
}

async function readInput(source: string): Promise<unknown> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(
      `--input ${source} is not JSON.`,
      'The API takes JSON bodies; check the file.',
    );
  }
}

/** Finds the operation or explains, with the closest one, why there is none. */
async function resolveOperation(method: string, path: string): Promise<Operation> {
  const lookup = findOperation(method, path);
  if ('found' in lookup) {
    for (const [name, value] of Object.entries(lookup.found.params)) {
      if (!isIdName(name)) continue;
      try {
        checkId(name, value);
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw new UsageError(error.message);
        throw error;
      }
    }
    return lookup.found;
  }
  if ('wrongMethod' in lookup) {
    const { template, methods } = lookup.wrongMethod;
    throw new UsageError(
      `${method} ${path}: the contract has no ${method} on ${template}.`,
      `Use ${methods.join(' or ')}, e.g. shop api ${methods[0]} ${path}`,
    );
  }
  const [closest] = await closestTemplates(path);
  throw new UsageError(
    `${method} ${path}: no such operation in the contract.`,
    `Did you mean ${closest}? \`shop completion\` offers every path.`,
  );
}

export function apiCommand(): Command {
  // The contract's path templates, offered by completion.
  const paths = [...new Set(operationList().map((op) => op.template))];
  return new Command('api')
    .description('Call any operation of the API with your login and print the response body')
    .addArgument(
      completeWith(
        new Argument('<method>', 'GET, POST, PUT, PATCH or DELETE (GET when left out)'),
        [...METHODS, ...paths],
      ),
    )
    .addArgument(
      completeWith(
        new Argument('[path]', "an operation's path, e.g. /api/orders?status=PAID"),
        paths,
      ),
    )
    .option('-f, --raw-field <key=value>', 'a string field (repeatable)', collect)
    .option(
      '-F, --field <key=value>',
      'a typed field: JSON values as JSON, @file or @- read from a file or stdin (repeatable)',
      collect,
    )
    .option('--input <file>', 'the JSON request body, from a file or - for stdin')
    .option('-H, --header <header>', "an extra request header, 'Name: value' (repeatable)", collect)
    .option('--paginate', 'follow every page of a list and print one array of its contents')
    .option('-i, --include', 'print the status line and response headers on stderr')
    .option('--idempotency-key <key>', 'your own key, for the operations that take one')
    .addHelpText(
      'after',
      `
Fields go into the query string of a GET or DELETE and into the JSON body of the others.
Unsafe calls that take an Idempotency-Key get one generated, reused on every retry.
The exit code follows the response status (see \`shop --help\`).
${examples(
  'shop api /api/orders -f status=PAID',
  'shop api GET /api/items --paginate -f size=100',
  'shop api POST /api/orders -F \'items=[{"itemId":"65f1c0a2b3d4e5f60718293a","quantity":1}]\'',
  'shop api PUT /api/inventory/65f1c0a2b3d4e5f60718293a --input stock.json --include',
)}`,
    )
    .action(
      action(async (ctx, opts: ApiFlags, first: string, second: string | undefined) => {
        // Without a method: GET, whatever the flags (unlike `gh api`, fields never turn it into
        // a write).
        const method = (second === undefined ? 'GET' : first).toUpperCase();
        const target = second ?? first;
        if (!METHODS.includes(method)) {
          throw new UsageError(`Unknown method ${first}.`, `Use one of ${METHODS.join(', ')}.`);
        }
        const url = new URL(target.startsWith('/') ? target : `/${target}`, 'http://path.invalid');
        const operation = await resolveOperation(method, url.pathname);

        const query: Record<string, string | string[]> = {};
        const addQuery = (key: string, value: string): void => {
          const previous = query[key];
          query[key] = previous === undefined ? value : [previous, value].flat();
        };
        for (const [key, value] of url.searchParams) addQuery(key, value);

        const fields: [string, unknown][] = [
          ...(opts.rawField ?? []).map((text): [string, unknown] => splitField('-f', text)),
          ...(await Promise.all(
            (opts.field ?? []).map(async (text): Promise<[string, unknown]> => {
              const [key, value] = splitField('-F', text);
              return [key, await fieldValue(value)];
            }),
          )),
        ];
        const inQuery = method === 'GET' || method === 'DELETE';
        if (inQuery && opts.input) {
          throw new UsageError(`${method} takes no body.`, 'Pass query values with -f key=value.');
        }
        if (!inQuery && opts.input && fields.length) {
          throw new UsageError(
            'Give the body either with --input or with fields, not both.',
            'Put every field into the --input file.',
          );
        }
        let body: unknown;
        if (inQuery) {
          for (const [key, value] of fields)
            addQuery(key, typeof value === 'string' ? value : JSON.stringify(value));
        } else if (opts.input) {
          body = await readInput(opts.input);
        } else if (fields.length) {
          body = Object.fromEntries(fields);
        }

        const headers: Record<string, string> = {};
        for (const header of opts.header ?? []) {
          const at = header.indexOf(':');
          if (at <= 0) throw new UsageError(`-H ${header}: expected 'Name: value'.`);
          headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
        }
        if (opts.idempotencyKey !== undefined) {
          if (!operation.keyed) {
            throw new UsageError(
              `${method} ${operation.template} takes no Idempotency-Key.`,
              'Only order creation and refunds do; leave --idempotency-key out.',
            );
          }
          headers['Idempotency-Key'] = opts.idempotencyKey;
        }
        if (opts.paginate && !operation.paged) {
          throw new UsageError(
            `${method} ${operation.template} is not a paged list.`,
            `Leave --paginate out; it follows ${operationList()
              .filter((op) => op.paged)
              .map((op) => op.template)
              .join(', ')}.`,
          );
        }

        const call: ApiCall = { method, path: url.pathname, query, body, headers };
        const include = opts.include === true;
        if (!opts.paginate) {
          const response = await callApi(ctx, call);
          showApiResponse(ctx, response, { include });
          if (response.status >= 300) throw await responseError(ctx, response);
          return;
        }
        const { items, last } = await callApiPages(ctx, call);
        showApiResponse(ctx, last, { include, ...(last.status < 300 && { items }) });
        if (last.status >= 300) throw await responseError(ctx, last);
      }),
    );
}
