import { defaultPathSerializer } from 'openapi-fetch';

/**
 * URL templates (base URL + spec path) split at their parameters (`[literal, name, literal, …]`);
 * null = not simple. A few dozen per base URL; the cap only guards against endless base URLs.
 */
const compiled = new Map<string, string[] | null>();
const MAX_TEMPLATES = 1_000;

const compile = (template: string): string[] | null => {
  const parts = template.split(/\{([^{}]+)\}/);
  // Label (`{.x}`), matrix (`{;x}`) and exploded (`{x*}`) styles are left to the default.
  for (let i = 1; i < parts.length; i += 2) if (/^[.;]|\*$/.test(parts[i] as string)) return null;
  return parts;
};

/**
 * openapi-fetch's path serializer (it receives the base URL and the spec path, e.g.
 * `http://host/api/items/{itemId}`), with each template parsed once instead of on every call.
 * Every path parameter in the spec is a plain `{name}` (style simple) taking a string, filled in
 * with `encodeURIComponent` exactly as openapi-fetch's default does; anything else (other
 * styles, arrays, objects, a missing value) is handed to that default.
 */
export function pathSerializer(template: string, params: Record<string, unknown>): string {
  let parts = compiled.get(template);
  if (parts === undefined) {
    if (compiled.size >= MAX_TEMPLATES) compiled.clear();
    parts = compile(template);
    compiled.set(template, parts);
  }
  if (parts === null) return defaultPathSerializer(template, params);
  let url = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const value = params[parts[i] as string];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return defaultPathSerializer(template, params);
    }
    url += encodeURIComponent(value) + (parts[i + 1] as string);
  }
  return url;
}
