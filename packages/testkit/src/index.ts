export { fixtureChunks, fixtureJson, sseFrames, anthropicSseFrames, assembledText, chatStreamFixtures, fixtureThinkingBlocks, chatStreamBytes, type ChatStreamBytes } from './fixtures.js';
export { startFakeUpstream, type FakeUpstream, type Reply, type SeenRequest } from './fake-upstream.js';
export { startServerProcess, runCliProcess, tempDir, waitFor, SERVER_MAIN, CLI_BIN, SOURCE_LOG_WORKER_URL, type ServerProcess } from './processes.js';
export { startFaultUpstream, refusedURL, okJson, errorJson, completionJson, chunkFrames, type Fault, type FaultRequest, type FaultUpstream } from './fault-upstream.js';
export { cutAt, frameCutLists, differingCuts } from './cuts.js';
export { startFakeLocalServer, localChatCompletion, localChatStream, type FakeLocalModel, type FakeLocalServer, type LocalServerKind, type LocalServerRequest } from './fake-local-server.js';
