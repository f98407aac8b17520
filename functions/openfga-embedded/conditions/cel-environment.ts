import { CelScalar, type CelValue, celEnv, celFunc, celMethod, objectType } from '@bufbuild/cel';
import { create, createFileRegistry, type DescMessage, type Message } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';
import { type IpAddress, parseIpAddress, parseIpPrefix, prefixContains } from './ip-address.ts';

/**
 * The CEL environment every condition runs in: CEL's standard library plus what
 * OpenFGA adds, the `IPAddress` type, `ipaddress(string)` and
 * `IPAddress.in_cidr(string)`. @bufbuild/cel carries custom values as protobuf
 * messages, so IPAddress is a message (octets + zone); message equality then
 * gives OpenFGA's `==` on addresses.
 */

const ipAddressFile = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: 'openfga_ipaddress.proto',
    syntax: 'proto3',
    messageType: [
      {
        name: 'IPAddress',
        field: [
          { name: 'octets', number: 1, type: FieldDescriptorProto_Type.BYTES, jsonName: 'octets' },
          { name: 'zone', number: 2, type: FieldDescriptorProto_Type.STRING, jsonName: 'zone' },
        ].map((field) => ({ ...field, label: FieldDescriptorProto_Label.OPTIONAL })),
      },
    ],
  }),
  () => undefined,
);

const ipAddressDesc: DescMessage = ipAddressFile.getMessage('IPAddress')!;
const IP_ADDRESS = objectType(ipAddressDesc);

interface IpAddressMessage extends Message {
  octets: Uint8Array;
  zone: string;
}

export function ipAddressValue(address: IpAddress): Message {
  return create(ipAddressDesc, { octets: address.octets, zone: address.zone });
}

function addressOf(value: CelValue<typeof IP_ADDRESS>): IpAddress {
  return value.message as IpAddressMessage;
}

export const conditionEnvironment = celEnv({
  registry: ipAddressFile,
  funcs: [
    celFunc('ipaddress', [CelScalar.STRING], IP_ADDRESS, (text) => {
      const address = parseIpAddress(text);
      if (address === undefined) throw new Error('ipaddress() needs a well-formed IP address');
      return ipAddressValue(address);
    }),
    celMethod('in_cidr', IP_ADDRESS, [CelScalar.STRING], CelScalar.BOOL, function (cidr) {
      const prefix = parseIpPrefix(cidr);
      if (prefix === undefined) throw new Error('in_cidr() needs a well-formed CIDR');
      return prefixContains(prefix, addressOf(this));
    }),
  ],
});
