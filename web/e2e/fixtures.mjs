/** An n8n workflow as n8n exports it: Manual Trigger → Edit Fields (Set v3.4) with an expression. */
export const importedWorkflow = {
  name: 'Imported from n8n',
  nodes: [
    { parameters: {}, id: '0f5532f9-36ba-4bef-86c7-30d607400b15', name: 'When clicking ‘Test workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
    {
      parameters: { assignments: { assignments: [{ id: 'a1', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' }] }, options: {} },
      id: '4b1d6c36-1e0e-4e4c-9f53-4e5bb8c2a001', name: 'Edit Fields', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0],
    },
  ],
  connections: { 'When clicking ‘Test workflow’': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
  pinData: {},
  settings: { executionOrder: 'v1' },
  tags: ['n8n', 'demo'],
};
