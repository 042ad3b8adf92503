import * as vscode from 'vscode';
import { TASK_TYPE } from './tasks';

export const WalkthroughCommands = {
  getStarted: 'interfaceStudio.getStarted',
  openExample: 'interfaceStudio.openExample',
  runTask: 'interfaceStudio.runTask',
  addCiTemplate: 'interfaceStudio.addCiTemplate',
} as const;

/** The Get Started walkthrough package.json declares: `publisher.name#id`. */
export const WALKTHROUGH_ID = 'interface-studio.interface-studio#interfaceStudio.gettingStarted';

/** CI set-ups a user can add to the repository, from the templates the extension ships. */
const CI_TEMPLATES = [
  { label: 'GitHub Actions', detail: 'Annotations on pull requests, SARIF to code scanning', source: 'scripts/ci-templates/github-actions.yml', target: '.github/workflows/interface-studio.yml' },
  { label: 'GitLab CI', detail: 'JUnit and code-quality reports in merge requests', source: 'scripts/ci-templates/gitlab-ci.yml', target: 'interface-studio.gitlab-ci.yml' },
  { label: 'pre-commit', detail: 'Check staged specs, mappings and flows before each commit', source: 'scripts/ci-templates/pre-commit-config.yaml', target: '.pre-commit-config.yaml' },
];

/**
 * The commands the Get Started walkthrough's steps run: open an example (from the workspace, or
 * from a copy of the bundled examples the user places), run a task, add a CI template.
 */
export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(WalkthroughCommands.getStarted, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
    vscode.commands.registerCommand(WalkthroughCommands.openExample, async (relativePath: string, then?: string) => {
      const found = await findExample(relativePath);
      if (!found) {
        await offerExamples(context);
        return;
      }
      await vscode.window.showTextDocument(found, { preview: false });
      if (then) await vscode.commands.executeCommand(then, found);
    }),
    vscode.commands.registerCommand(WalkthroughCommands.runTask, async (command = 'check') => {
      const tasks = await vscode.tasks.fetchTasks({ type: TASK_TYPE });
      const task = tasks.find((t) => t.definition.command === command);
      if (task) await vscode.tasks.executeTask(task);
      else void vscode.window.showWarningMessage('Open a folder to run Interface Studio\'s tasks on it.');
    }),
    vscode.commands.registerCommand(WalkthroughCommands.addCiTemplate, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showWarningMessage('Open the repository\'s folder first: the CI file is added to it.');
        return;
      }
      const choice = await vscode.window.showQuickPick(CI_TEMPLATES, { placeHolder: 'Where should Interface Studio check the repository?' });
      if (!choice) return;
      const target = vscode.Uri.joinPath(folder.uri, choice.target);
      // An existing file is opened, never overwritten.
      const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
      if (!exists) {
        const content = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, choice.source));
        const edit = new vscode.WorkspaceEdit();
        edit.createFile(target, { contents: content, ignoreIfExists: true });
        await vscode.workspace.applyEdit(edit);
      } else {
        void vscode.window.showInformationMessage(`${choice.target} exists already; it is opened unchanged.`);
      }
      await vscode.window.showTextDocument(target);
    }),
  );
}

async function findExample(relativePath: string): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.path.endsWith('/' + relativePath)) return active;
  const [found] = await vscode.workspace.findFiles(`**/${relativePath}`, '**/node_modules/**', 1);
  return found;
}

/** The examples are not in the workspace: copy the bundled ones where the user says, and open that folder. */
async function offerExamples(context: vscode.ExtensionContext): Promise<void> {
  const copy = 'Copy the Examples…';
  const choice = await vscode.window.showInformationMessage('The examples are not in this workspace. Copy them into a folder of yours and open it?', copy);
  if (choice !== copy) return;
  const [parent] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Copy the examples here' })) ?? [];
  if (!parent) return;
  const target = vscode.Uri.joinPath(parent, 'interface-studio-examples');
  if (await vscode.workspace.fs.stat(target).then(() => true, () => false)) {
    void vscode.window.showWarningMessage(`${target.fsPath} exists already; choose another folder.`);
    return;
  }
  await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'examples'), target);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: !vscode.workspace.workspaceFolders?.length ? false : true });
}

