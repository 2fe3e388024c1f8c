import 'reflect-metadata';
import { prepareDevelopmentKeys } from '@samverkan/common';

// Keep test output to warnings and errors unless LOG_LEVEL asks for more.
process.env.LOG_LEVEL ??= 'warn';

// What `npm start` does first: tests that read the default configuration read these keys.
prepareDevelopmentKeys();
