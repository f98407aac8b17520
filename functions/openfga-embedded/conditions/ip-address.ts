/**
 * IP addresses and CIDR prefixes with the rules OpenFGA applies (Go's `net/netip`,
 * as observed on OpenFGA v1.18.3): IPv4 fields without leading zeros, IPv6 with
 * `::` and an embedded IPv4 tail, zones on IPv6 addresses only. IPv4-mapped IPv6
 * addresses are unmapped to IPv4, and so are mapped prefixes of 96 bits or more,
 * so `::ffff:10.1.2.3` lies in `10.0.0.0/8`.
 */

export interface IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly octets: Uint8Array;
  /** IPv6 zone (`eth0` in `fe80::1%eth0`), or ''. */
  readonly zone: string;
}

export interface IpPrefix {
  readonly octets: Uint8Array;
  readonly bits: number;
}

export function parseIpAddress(text: string): IpAddress | undefined {
  const parsed = parseAddressWithZone(text);
  if (parsed === undefined) return undefined;
  const unmapped = unmapIpv4(parsed.octets);
  // Go's Unmap drops the zone together with the IPv6 form.
  return unmapped === undefined ? parsed : { octets: unmapped, zone: '' };
}

export function parseIpPrefix(text: string): IpPrefix | undefined {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return undefined;
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bitsText)) return undefined;
  const address = parseAddressWithZone(text.slice(0, slash));
  if (address === undefined || address.zone !== '') return undefined;
  const bits = Number(bitsText);
  if (bits > address.octets.length * 8) return undefined;
  const unmapped = unmapIpv4(address.octets);
  if (unmapped !== undefined && bits >= 96) return { octets: unmapped, bits: bits - 96 };
  return { octets: address.octets, bits };
}

/** An address with a zone, or of the other IP family, is never inside a prefix. */
export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (address.zone !== '' || address.octets.length !== prefix.octets.length) return false;
  const wholeBytes = prefix.bits >> 3;
  for (let i = 0; i < wholeBytes; i++) {
    if (address.octets[i] !== prefix.octets[i]) return false;
  }
  const restBits = prefix.bits & 7;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return ((address.octets[wholeBytes]! ^ prefix.octets[wholeBytes]!) & mask) === 0;
}

function parseAddressWithZone(text: string): IpAddress | undefined {
  const family = /[.:%]/.exec(text)?.[0];
  if (family === '.') {
    const octets = parseIpv4(text);
    return octets === undefined ? undefined : { octets, zone: '' };
  }
  if (family !== ':') return undefined;
  const percent = text.indexOf('%');
  const zone = percent === -1 ? '' : text.slice(percent + 1);
  if (percent !== -1 && zone === '') return undefined;
  const octets = parseIpv6(percent === -1 ? text : text.slice(0, percent));
  return octets === undefined ? undefined : { octets, zone };
}

function parseIpv4(text: string): Uint8Array | undefined {
  const fields = text.split('.');
  if (fields.length !== 4) return undefined;
  const octets = new Uint8Array(4);
  for (const [index, field] of fields.entries()) {
    if (!/^(0|[1-9]\d{0,2})$/.test(field) || Number(field) > 255) return undefined;
    octets[index] = Number(field);
  }
  return octets;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const octets = new Uint8Array(16);
  let rest = text;
  let filled = 0;
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
  }
  while (rest !== '' && filled < 16) {
    const digits = /^[0-9a-fA-F]{1,4}/.exec(rest)?.[0];
    if (digits === undefined) return undefined;
    if (rest[digits.length] === '.') {
      // An embedded IPv4 address must form the last 32 bits.
      if ((ellipsis === -1 && filled !== 12) || filled > 12) return undefined;
      const ipv4 = parseIpv4(rest);
      if (ipv4 === undefined) return undefined;
      octets.set(ipv4, filled);
      filled += 4;
      rest = '';
      break;
    }
    if (/^[0-9a-fA-F]/.test(rest.slice(digits.length))) return undefined;
    const group = Number.parseInt(digits, 16);
    octets[filled] = group >> 8;
    octets[filled + 1] = group & 0xff;
    filled += 2;
    rest = rest.slice(digits.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis !== -1) return undefined;
      ellipsis = filled;
      rest = rest.slice(1);
    }
  }
  if (rest !== '') return undefined;
  if (filled < 16) {
    if (ellipsis === -1) return undefined;
    const tail = octets.slice(ellipsis, filled);
    octets.fill(0, ellipsis);
    octets.set(tail, 16 - tail.length);
  } else if (ellipsis !== -1) {
    // `::` has to stand for at least one group of zeros.
    return undefined;
  }
  return octets;
}

function unmapIpv4(octets: Uint8Array): Uint8Array | undefined {
  if (octets.length !== 16 || octets[10] !== 0xff || octets[11] !== 0xff) return undefined;
  for (let i = 0; i < 10; i++) if (octets[i] !== 0) return undefined;
  return octets.slice(12);
}
