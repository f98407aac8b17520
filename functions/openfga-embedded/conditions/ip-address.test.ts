import { describe, expect, it } from 'vitest';
import { parseIpAddress, parseIpPrefix, prefixContains } from './ip-address.ts';

// Expected values were observed on OpenFGA v1.18.3 (`ipaddress` parameters and `in_cidr`).

const octets = (text: string) => {
  const address = parseIpAddress(text);
  return address && { octets: [...address.octets], zone: address.zone };
};

const inCidr = (address: string, cidr: string) =>
  prefixContains(parseIpPrefix(cidr)!, parseIpAddress(address)!);

describe('parseIpAddress', () => {
  it('reads IPv4 dotted quads', () => {
    expect(octets('192.168.0.1')).toEqual({ octets: [192, 168, 0, 1], zone: '' });
    expect(octets('0.0.0.0')).toEqual({ octets: [0, 0, 0, 0], zone: '' });
  });

  it('reads IPv6 with ::, upper-case hex, an embedded IPv4 tail and a zone', () => {
    expect(octets('::1')?.octets).toEqual([...new Array(15).fill(0), 1]);
    expect(octets('ABCD::')?.octets).toEqual([0xab, 0xcd, ...new Array(14).fill(0)]);
    expect(octets('1:2:3:4:5:6:7::')?.octets).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]);
    expect(octets('1:2:3:4:5:6:1.2.3.4')?.octets).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]);
    expect(octets('::1.2.3.4')?.octets).toEqual([...new Array(12).fill(0), 1, 2, 3, 4]);
    expect(octets('fe80::1%eth0')).toEqual({
      octets: [0xfe, 0x80, ...new Array(13).fill(0), 1],
      zone: 'eth0',
    });
  });

  it('unmaps IPv4-mapped IPv6 addresses to IPv4, so ::ffff:1.2.3.4 equals 1.2.3.4', () => {
    expect(octets('::ffff:1.2.3.4')).toEqual({ octets: [1, 2, 3, 4], zone: '' });
    expect(octets('::ffff:0102:0304')).toEqual({ octets: [1, 2, 3, 4], zone: '' });
  });

  it.each([
    '010.1.2.3', // leading zero
    '1.2.3',
    '1.2.3.256',
    ' 1.2.3.4',
    '1.2.3.4%eth0', // zones are for IPv6 only
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8', // :: must stand for at least one zero group
    '1:2:3:4:5:6:7:1.2.3.4',
    '12345::',
    '::ffff:01.2.3.4',
    'fe80::1%',
    '1:',
    ':1',
    '',
    'bad',
  ])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('parseIpPrefix', () => {
  it('keeps host bits, as Go does: 10.1.2.99/24 is 10.1.2.0/24', () => {
    expect(inCidr('10.1.2.3', '10.1.2.99/24')).toBe(true);
    expect(inCidr('10.1.3.3', '10.1.2.99/24')).toBe(false);
  });

  it.each([
    '10.1.2.3', // no length
    '10.1.2.3/33',
    '10.1.2.0/024',
    '10.1.2.3/-1',
    '10.1.2.3/+8',
    '10.1.2.3/ 8',
    '010.1.2.3/8',
    ' 10.1.2.3/8',
    '::ffff:1.2.3.4/200',
    'fe80::1%eth0/64', // no zone in a prefix
  ])('refuses %j', (text) => {
    expect(parseIpPrefix(text)).toBeUndefined();
  });
});

describe('prefixContains', () => {
  it.each([
    ['192.168.0.1', '192.168.0.0/24', true],
    ['192.168.1.0', '192.168.0.0/24', false],
    ['1.2.3.4', '1.2.3.4/32', true],
    ['1.2.3.5', '1.2.3.4/32', false],
    ['1.2.3.5', '1.2.3.4/0', true],
    ['10.1.2.3', '10.0.0.0/9', true],
    ['10.200.2.3', '10.0.0.0/9', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['fe80::1', 'fe80::/10', true],
    ['::1', '::/0', true],
  ])('%s in %s is %s', (address, cidr, expected) => {
    expect(inCidr(address, cidr)).toBe(expected);
  });

  it('never matches across IP families', () => {
    expect(inCidr('::1', '0.0.0.0/0')).toBe(false);
    expect(inCidr('10.1.2.3', '::/0')).toBe(false);
    expect(inCidr('::ffff:10.1.2.3', '::/0')).toBe(false);
  });

  it('never matches an address with a zone', () => {
    expect(inCidr('fe80::1%eth0', 'fe80::/10')).toBe(false);
  });

  it('treats IPv4-mapped prefixes of 96 bits or more as IPv4 prefixes', () => {
    expect(inCidr('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inCidr('10.1.2.3', '::ffff:10.0.0.0/104')).toBe(true);
    expect(inCidr('11.1.2.3', '::ffff:10.0.0.0/96')).toBe(true);
    expect(inCidr('10.1.2.3', '::ffff:10.1.2.3/128')).toBe(true);
    expect(inCidr('10.1.2.3', '::ffff:10.1.2.4/127')).toBe(false);
    expect(inCidr('10.1.2.3', '::ffff:0.0.0.0/95')).toBe(false);
  });
});
