import './telemetry';
import 'reflect-metadata';
import { runSubgraph } from '@samverkan/common';
import { municipalitiesSubgraph } from './server';

runSubgraph(municipalitiesSubgraph);
