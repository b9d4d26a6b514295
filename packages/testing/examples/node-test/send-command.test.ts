import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLosantClient } from '@losant-sdk/sdk';
import { createMockLosant, type MockLosant } from '@losant-sdk/testing';

const applicationId = '575ec8687ae143cd83dc4a97';

describe('sending a command', () => {
  let mock: MockLosant;
  before(async () => {
    mock = await createMockLosant();
  });
  beforeEach(() => {
    mock.assertNoUnexpectedRequests(); // throws if the previous test sent anything the API rejects
    mock.reset(); // forget replies, calls and errors
  });
  after(async () => {
    await mock.close();
  });

  it('sends what the device expects', async () => {
    const losant = createLosantClient({ baseUrl: mock.baseUrl, token: 'test-token' });
    // Nothing programmed: the reply is the one recorded in the SDK's fixtures ({ success: true }).
    await losant.device.sendCommand({
      applicationId,
      deviceId: '575ecf887ae143cd83dc4aa2',
      deviceCommand: { name: 'restart' },
    });

    const [call] = mock.calls('device.sendCommand');
    assert.deepEqual(call?.params.deviceCommand, { name: 'restart' });
    assert.equal(call?.path, `/applications/${applicationId}/devices/575ecf887ae143cd83dc4aa2/command`);
    assert.equal(call?.status, 200);
  });
});
