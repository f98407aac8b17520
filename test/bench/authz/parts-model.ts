/** A small model for the parts tests (check-parts, server-parts): an `and`, a `but not` and a parent. */
import { modelFromDsl } from '../../../functions/runtime/authz/model.ts';

export const PARTS_MODEL = modelFromDsl(`model
  schema 1.1
type user
type folder
  relations
    define owner: [user]
    define blocked: [user]
type doc
  relations
    define parent: [folder]
    define editor: [user]
    define viewer: editor or owner from parent
    define can_read: viewer but not blocked from parent
    define can_read_without_override: viewer
`);
