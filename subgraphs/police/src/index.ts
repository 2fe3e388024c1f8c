import './telemetry';
import 'reflect-metadata';
import { runSubgraph } from '@samverkan/common';
import { policeSubgraph } from './server';

runSubgraph(policeSubgraph);
