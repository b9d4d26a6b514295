// @losant-sdk/testing: a mock Losant API for the tests of code that uses the Losant SDK.
export { createMockLosant, MockLosantError, type MockLosant } from './mock.js';
export type {
  ActionName,
  ActionParams,
  ActionResult,
  CallParams,
  LosantErrorBody,
  Match,
  MockCall,
  MockLosantOptions,
  MockRequest,
  Reply,
  ReplyValue,
  StatusReply,
  UnexpectedRequest,
  WireValue,
} from './types.js';
