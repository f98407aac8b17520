/**
 * The documentation page's script, served by the function itself (no CDN) and
 * bundled with its code as a string, so a function bundle needs no files
 * beside it. A classic deferred script: it fetches `openapi.json` relative to
 * the page, so it works under any mount prefix, and puts the document's text
 * in as text nodes only, never as HTML. Being a raw template string, it may
 * hold no backtick and no dollar-brace.
 */
export const DOCS_SCRIPT = String.raw`
(() => {
  'use strict';

  const api = document.getElementById('api');
  const intro = document.getElementById('intro');

  void load();

  async function load() {
    try {
      const source = new URL('openapi.json', document.baseURI);
      const answer = await fetch(source, { headers: { accept: 'application/json' } });
      if (!answer.ok) throw new Error('openapi.json answered ' + answer.status);
      render(await answer.json(), source);
    } catch (error) {
      intro.replaceChildren(
        el('strong', { class: 'error' }, 'Could not load the API description: ' + error.message),
      );
    } finally {
      api.removeAttribute('aria-busy');
    }
  }

  function render(doc, source) {
    const base = new URL(doc.servers?.[0]?.url ?? './', source).pathname.replace(/\/$/, '');
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );
    intro.replaceChildren(
      el('span', {}, prose(doc.info?.description ?? '')),
      el(
        'span',
        { class: 'meta' },
        'Version ' + doc.info?.version + ' · OpenAPI ' + doc.openapi + ' · ',
        el('a', { href: 'openapi.json' }, 'openapi.json'),
      ),
    );
    api.replaceChildren(
      ...nodes(
        el(
          'nav',
        { 'aria-label': 'Operations' },
        el(
          'ul',
          {},
          operations.map(({ path, method, op }) =>
            el('li', {}, el('a', { href: '#op-' + op.operationId }, methodBadge(method), ' ', path)),
          ),
        ),
      ),
      authSection(doc),
      operations.map(({ path, method, op }) => operationSection(doc, base, path, method, op)),
      codesSection(operations),
      el(
        'section',
        { class: 'schemas' },
        el('h2', {}, 'Schemas'),
        Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) =>
          el('div', { class: 'schema', id: 'schema-' + name }, el('h3', {}, name), schemaView(doc, schema)),
        ),
      ),
      ),
    );
  }

  function authSection(doc) {
    const schemes = Object.entries(doc.components?.securitySchemes ?? {});
    if (schemes.length === 0) return null;
    return el(
      'section',
      { class: 'auth' },
      el('h2', {}, 'Authentication'),
      schemes.map(([name, s]) =>
        el(
          'p',
          {},
          el('code', {}, name),
          ': ' + [s.scheme, s.bearerFormat].filter(Boolean).join(' ') + ' token. ',
          prose(sentence(s.description ?? '')),
          ' Send it as ',
          el('code', {}, 'Authorization: Bearer <token>'),
          '.',
        ),
      ),
    );
  }

  function operationSection(doc, base, path, method, op) {
    const secured = (op.security ?? doc.security ?? []).length > 0;
    const body = op.requestBody?.content ?? {};
    return el(
      'section',
      { class: 'operation', id: 'op-' + op.operationId },
      el('h2', {}, methodBadge(method), ' ', el('code', { class: 'path' }, path)),
      el('p', { class: 'summary' }, prose(op.summary ?? '')),
      op.description ? el('p', {}, prose(op.description)) : null,
      el(
        'p',
        { class: 'facts' },
        el('span', { class: secured ? 'tag locked' : 'tag' }, secured ? 'Bearer token required' : 'Public'),
        ' Full path here: ',
        el('code', {}, base + path),
      ),
      Object.entries(body).map(([type, media]) =>
        el(
          'div',
          { class: 'request' },
          el('h3', {}, 'Request body ', el('code', {}, type)),
          schemaView(doc, media.schema),
        ),
      ),
      el('h3', {}, 'Responses'),
      el(
        'table',
        { class: 'responses' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Status'), el('th', {}, 'Meaning'), el('th', {}, 'Body'))),
        el(
          'tbody',
          {},
          Object.entries(op.responses ?? {}).map(([status, response]) =>
            el(
              'tr',
              { class: Number(status) >= 400 ? 'problem' : 'success' },
              el('td', {}, el('strong', {}, status)),
              el('td', {}, response.description ?? ''),
              el(
                'td',
                {},
                Object.entries(response.content ?? {}).map(([type, m]) => responseBody(doc, type, m.schema)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  function responseBody(doc, type, schema) {
    const codes = problemCodes(schema);
    if (codes.length === 0) return el('div', {}, el('code', {}, type), schemaView(doc, schema));
    return el(
      'div',
      {},
      el('code', {}, type),
      ' ',
      refLink(schema.allOf[0]),
      el(
        'ul',
        { class: 'codes' },
        codes.map((c) => el('li', {}, el('code', {}, c))),
      ),
    );
  }

  function codesSection(operations) {
    const rows = operations.flatMap(({ path, method, op }) =>
      Object.entries(op.responses ?? {}).flatMap(([status, r]) =>
        Object.values(r.content ?? {}).flatMap((m) =>
          problemCodes(m.schema).map((code) => ({ code, status, path, method })),
        ),
      ),
    );
    return el(
      'section',
      { class: 'codes-index' },
      el('h2', {}, 'Problem codes'),
      el('p', {}, 'Every error is application/problem+json with a stable ', el('code', {}, 'code'), '.'),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', {}, 'code'), el('th', {}, 'Status'), el('th', {}, 'Operation'))),
        el(
          'tbody',
          {},
          rows.map((r) =>
            el(
              'tr',
              {},
              el('td', {}, el('code', {}, r.code)),
              el('td', {}, r.status),
              el('td', {}, r.method.toUpperCase() + ' ' + r.path),
            ),
          ),
        ),
      ),
    );
  }

  function problemCodes(schema) {
    return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
  }

  function schemaView(doc, schema, depth = 0) {
    if (!schema) return el('span', { class: 'muted' }, 'any');
    if (schema.$ref) {
      const target = resolve(doc, schema.$ref);
      if (depth > 0 || !target) return refLink(schema);
      return el('div', {}, refLink(schema), schemaView(doc, target, depth + 1));
    }
    if (schema.type === 'array') return el('div', {}, 'array of ', schemaView(doc, schema.items, depth + 1));
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length === 0) return el('span', {}, typeLabel(schema), ' ', rules(schema));
    const required = new Set(schema.required ?? []);
    return el(
      'table',
      { class: 'fields' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Type'), el('th', {}, 'Rules'))),
      el(
        'tbody',
        {},
        properties.map(([name, p]) =>
          el(
            'tr',
            {},
            el(
              'td',
              {},
              el('code', {}, name),
              required.has(name) ? el('span', { class: 'tag' }, 'required') : null,
            ),
            nested(p)
              ? el('td', { colspan: '2' }, schemaView(doc, p, depth + 1), about(p))
              : [el('td', {}, typeLabel(p)), el('td', {}, rules(p), about(p))],
          ),
        ),
        schema.additionalProperties === false
          ? el('tr', {}, el('td', { colspan: '3', class: 'muted' }, 'No other fields.'))
          : null,
      ),
    );
  }

  function about(p) {
    return p.description ? el('p', { class: 'muted' }, prose(p.description)) : null;
  }

  function nested(p) {
    return p.properties || p.$ref || (p.type === 'array' && (p.items?.properties || p.items?.$ref));
  }

  function typeLabel(s) {
    if (s.const !== undefined) return 'constant ' + JSON.stringify(s.const);
    if (s.type === 'array') return 'array of ' + typeLabel(s.items ?? {});
    return [s.type ?? 'any'].flat().join(' or ');
  }

  function rules(s) {
    const out = [];
    if (s.enum)
      out.push(
        el('span', {}, 'one of '),
        el(
          'ul',
          { class: 'codes' },
          s.enum.map((v) => el('li', {}, el('code', {}, String(v)))),
        ),
      );
    if (s.minLength !== undefined)
      out.push(el('span', { class: 'rule' }, 'at least ' + s.minLength + ' characters'));
    if (s.maxLength !== undefined) out.push(el('span', { class: 'rule' }, 'at most ' + s.maxLength + ' characters'));
    if (s.minimum !== undefined) out.push(el('span', { class: 'rule' }, '≥ ' + s.minimum));
    if (s.maximum !== undefined) out.push(el('span', { class: 'rule' }, '≤ ' + s.maximum));
    if (s.pattern) out.push(el('span', { class: 'rule' }, 'pattern ', el('code', {}, s.pattern)));
    if (s.format) out.push(el('span', { class: 'rule' }, 'format ' + s.format));
    return out;
  }

  function refLink(schema) {
    const name = schema.$ref.split('/').pop();
    return el('a', { class: 'ref', href: '#schema-' + name }, name);
  }

  function resolve(doc, ref) {
    return ref.startsWith('#/')
      ? ref
          .slice(2)
          .split('/')
          .reduce((node, key) => node?.[key], doc)
      : undefined;
  }

  function methodBadge(method) {
    return el('span', { class: 'method method-' + method }, method.toUpperCase());
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...nodes(children));
    return node;
  }

  function nodes(...children) {
    return children.flat(Number.POSITIVE_INFINITY).filter((c) => c !== null && c !== undefined);
  }

  /** Text with the document's backtick spans shown as code (the backtick is written as an escape here). */
  function prose(text) {
    return text.split('\x60').map((part, i) => (i % 2 === 1 ? el('code', {}, part) : part));
  }

  function sentence(text) {
    return text === '' || text.endsWith('.') ? text : text + '.';
  }
})();
`;
