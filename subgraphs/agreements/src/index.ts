import './telemetry';
import 'reflect-metadata';
import { runSubgraph } from '@samverkan/common';
import { agreementsSubgraph } from './server';

runSubgraph(agreementsSubgraph);
