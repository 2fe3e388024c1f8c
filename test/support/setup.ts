import 'reflect-metadata';

// Keep test output to warnings and errors unless LOG_LEVEL asks for more.
process.env.LOG_LEVEL ??= 'warn';
