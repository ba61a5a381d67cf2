/** The clients and the user every test server is configured with. */
export const SERVICE_CLIENT = { id: 'test-service', secret: 'test-service-secret-1' };
/** A service client whose tokens carry only assets:read (for 403 tests). */
export const READ_ONLY_CLIENT = { id: 'test-reader', secret: 'test-reader-secret-1' };
export const USER = { username: 'alice', password: 'alice-password-1' };
