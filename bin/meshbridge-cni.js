#!/usr/bin/env node
import '../dist/meshbridge-cni.js';
