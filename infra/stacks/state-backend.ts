import { LocalBackend, PgBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { StateBackend } from '../targets/state.ts';

/**
 * The stack's state backend as the target says, one key or schema per stack. No
 * credential is ever written: OpenTofu/Terraform read them from the deploy environment.
 */
export function useState(stack: TerraformStack, stackName: string, state: StateBackend): void {
  switch (state.kind) {
    case 'local':
      // A relative path, so the output is the same on every machine.
      new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
      return;
    case 's3': {
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${stackName}.tfstate`,
        region: state.region,
        endpoints: { s3: state.endpointUrl },
        usePathStyle: state.usePathStyle,
        // Not AWS: there is no STS, IAM, account id or instance metadata to ask, the
        // region is the store's own name, and not every store speaks AWS's checksums.
        skipCredentialsValidation: true,
        skipRegionValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: true,
        skipS3Checksum: true,
      });
      // cdktf 0.21 predates `use_lockfile`: the escape hatch writes it as the tools read it.
      if (state.lockfile) backend.addOverride('use_lockfile', true);
      return;
    }
    case 'pg': {
      const backend = new PgBackend(stack, {
        connStr: '',
        schemaName: `${state.schemaPrefix}_${stackName.replaceAll('-', '_')}`,
      });
      // cdktf requires `connStr`; removing it makes OpenTofu/Terraform read `PG_CONN_STR`
      // at init, so the connection string (with its password) never enters the output.
      backend.addOverride('conn_str', undefined);
      return;
    }
  }
}
