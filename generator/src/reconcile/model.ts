// The reconciled model of an action: the operation model every consumer reads, plus where it
// came from (its API and its place in the docs index, for the report and for errors).
import type { LosantOperation } from '../openapi/model.js';

export interface ActionModel extends LosantOperation {
  /** The API (spec/apis/<api>.yaml) that owns the action's resource. */
  api: string;
  /** JSON pointer of the action in the docs index. */
  source: string;
}
