import { ConverseCommand, type BedrockRuntimeClient, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { AssistantOutputError, AssistantUnavailableError } from '../../domain/assistant/assistant-errors.js';
import type { AssistantModel, TokenUsage } from '../../domain/assistant/ports.js';
import { MODEL_OUTPUTS, type ModelOutput } from '../../domain/assistant/scenarios.js';

/** Bedrock errors that a later retry may get past; the rest are configuration problems. */
const TRANSIENT = new Set(['ThrottlingException', 'ServiceUnavailableException', 'ModelNotReadyException', 'ModelTimeoutException', 'InternalServerException']);

const usageOf = (out: ConverseCommandOutput): TokenUsage => {
  const inputTokens = out.usage?.inputTokens ?? 0;
  const outputTokens = out.usage?.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: out.usage?.totalTokens ?? inputTokens + outputTokens };
};

/**
 * The assistant on Amazon Bedrock's Converse API. Instructions go in `system`, the data (with the
 * mail, escaped and delimited) in the one user turn; the model must answer by calling the
 * scenario's tool, and the tool input is validated against the scenario schema before use.
 * Nothing of the prompt or the answer is logged here.
 */
export function createBedrockAssistant(client: BedrockRuntimeClient, modelId: string): AssistantModel {
  return {
    mode: 'bedrock', modelId,
    async generate(s, prompt) {
      let out: ConverseCommandOutput;
      try {
        out = await client.send(new ConverseCommand({
          modelId,
          system: [{ text: prompt.system }],
          messages: [{ role: 'user', content: [{ text: prompt.user }] }],
          inferenceConfig: { maxTokens: prompt.maxOutputTokens, temperature: 0.2 },
          toolConfig: {
            tools: [{ toolSpec: { name: prompt.toolName, description: prompt.toolDescription, inputSchema: { json: prompt.inputSchema as never } } }],
            toolChoice: { tool: { name: prompt.toolName } },
          },
        }));
      } catch (err) {
        const name = (err as { name?: string }).name ?? 'Error';
        throw new AssistantUnavailableError(TRANSIENT.has(name) ? `${name}; retry later` : name, name === 'ThrottlingException' ? 10 : undefined);
      }
      const usage = usageOf(out);
      const call = out.output?.message?.content?.find((c) => c.toolUse?.name === prompt.toolName)?.toolUse;
      if (!call) throw new AssistantOutputError(`no ${prompt.toolName} call (stop reason ${out.stopReason ?? 'none'})`, usage);
      const parsed = MODEL_OUTPUTS[s].safeParse(call.input);
      if (!parsed.success) throw new AssistantOutputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).slice(0, 3).join('; '), usage);
      return { output: parsed.data as ModelOutput<typeof s>, usage };
    },
  };
}
