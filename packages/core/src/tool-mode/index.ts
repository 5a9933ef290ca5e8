export { applyToolMode, withXmlToolMode, isXmlToolMode, toolModeConfigSchema, toolModeConfigShape, type XmlToolModeOptions } from './with-tool-mode.js';
export { renderToolPrompt, renderToolCall, contentText, type RenderedToolBody, type XmlToolStyle } from './render-tool-prompt.js';
export { createToolCallParser, parseToolCalls, type ParsedPart, type ToolCallParser, type ToolCallParserOptions, type ToolDefinition } from './parse-tool-calls.js';
export { createXmlToolCallTransform, createXmlToolSseRewriter, rewriteXmlToolStream, generateToolCallId, type XmlToolRewriteOptions, type XmlToolSseRewriter } from './xml-tool-stream.js';
export { rewriteXmlToolResponse, rewriteXmlToolMessage } from './xml-tool-response.js';
