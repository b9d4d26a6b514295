// Objects whose shape the docs leave open (a workflow node's `config`, an audit log's request body)
// take and give any keys: typed `{ [key: string]: unknown }`, never "must be empty".
import { createLosantClient } from '@losant-sdk/sdk';

const losant = createLosantClient({ token: 'token' });
const applicationId = '575ec8687ae143cd83dc4a97';

export async function freeForm(): Promise<unknown[]> {
  const flow = await losant.flow.get({ applicationId, flowId: '575ed18f7ae143cd83dc4aa6' });
  const configs = (flow.nodes ?? []).map((node) => node.config?.['timeout']);
  await losant.flows.post({
    applicationId,
    flow: {
      name: 'copied',
      triggers: [],
      nodes: [{ id: 'n1', type: 'DebugNode', config: { message: 'hello', level: 3 }, meta: { x: 10, y: 20 } }],
    },
  });
  const log = await losant.auditLog.get({ orgId: '575ed6e87ae143cd83dc4aa8', auditLogId: '57955788124b37010084c053' });
  return [...configs, log.requestBody?.['name']];
}
