import './telemetry';
import 'reflect-metadata';
import { runSubgraph } from '@samverkan/common';
import { forsakringskassanSubgraph } from './server';

runSubgraph(forsakringskassanSubgraph);
