import { describe, expect, it } from 'vitest';
import { AtlasApiError, AzureApiError, TransportError } from '../http/errors.js';
import { StepError, toStepErrorInfo } from './step-error.js';

const request = {
  operation: 'updateEncryptionAtRest',
  method: 'PATCH',
  url: 'https://cloud.mongodb.com/api/atlas/v2/groups/x/encryptionAtRest',
};

describe('toStepErrorInfo', () => {
  it('keeps the errorCode and status of an Atlas error and adds the hint for its code', () => {
    const error = new AtlasApiError(request, {
      status: 400,
      errorCode: 'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
    });
    expect(toStepErrorInfo(error)).toEqual({
      message: error.message,
      errorCode: 'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
      status: 400,
      hint: expect.stringContaining('remove every endpoint first'),
    });
  });

  it('gives a 429 without a known code the rate-limit hint, and an unknown code no hint', () => {
    expect(toStepErrorInfo(new AtlasApiError(request, { status: 429, errorCode: 'HTTP_429' })).hint).toMatch(
      /rate-limited/,
    );
    expect(toStepErrorInfo(new AtlasApiError(request, { status: 400, errorCode: 'SOMETHING_NEW' }))).not.toHaveProperty(
      'hint',
    );
  });

  it('maps Azure, transport and step errors', () => {
    expect(toStepErrorInfo(new AzureApiError(request, { status: 404, code: 'ResourceNotFound' }))).toMatchObject({
      errorCode: 'ResourceNotFound',
      status: 404,
    });
    expect(toStepErrorInfo(new TransportError(request, 'ECONNRESET')).hint).toMatch(/network path to Atlas/);
    expect(toStepErrorInfo(new StepError({ message: 'm', hint: 'h' }))).toEqual({ message: 'm', hint: 'h' });
  });
});
