-- Neovim configuration for the stowaway end-to-end test (run by nvim-e2e.sh).
--
-- Starts `stowaway server` with Neovim's built-in LSP client, opens the pipeline and
-- the Dockerfile of the workspace, waits (bounded) for stowaway's diagnostics, writes them
-- to the report, applies the first quick fix offered (or, when no rule offers a fix yet,
-- the "Ignore this finding" action), writes the files and quits.
--
-- Environment: STOWAWAY_BIN (the binary), STOWAWAY_WORKSPACE (the folder),
-- STOWAWAY_E2E_REPORT (where to write the report), STOWAWAY_E2E_TIMEOUT_MS (default 20000).
-- Works with Neovim 0.7 and later.

vim.cmd("filetype on")
vim.o.hidden = true
vim.o.swapfile = false

local bin = os.getenv("STOWAWAY_BIN") or "stowaway"
local root = assert(os.getenv("STOWAWAY_WORKSPACE"), "STOWAWAY_WORKSPACE is not set")
local report_path = assert(os.getenv("STOWAWAY_E2E_REPORT"), "STOWAWAY_E2E_REPORT is not set")
local timeout = tonumber(os.getenv("STOWAWAY_E2E_TIMEOUT_MS") or "20000")

local report = assert(io.open(report_path, "w"))
local function say(line)
  report:write(line, "\n")
  report:flush()
end

local function finish(ok, why)
  say(ok and "RESULT ok" or ("RESULT failed: " .. why))
  report:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

-- The LSP diagnostic behind a vim.diagnostic entry: 0.7 keeps only some fields in
-- user_data.lsp, so the range (UTF-16) and message are rebuilt from the entry itself.
local function lsp_diagnostic(buf, d)
  local function position(line, col)
    local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] or ""
    local _, utf16 = vim.str_utfindex(text, math.min(col, #text))
    return { line = line, character = utf16 }
  end
  local lsp = vim.deepcopy((d.user_data and d.user_data.lsp) or {})
  lsp.range = {
    start = position(d.lnum, d.col),
    ["end"] = position(d.end_lnum or d.lnum, d.end_col or d.col),
  }
  lsp.message = d.message
  lsp.severity = d.severity
  lsp.code = lsp.code or d.code
  lsp.source = d.source
  return lsp
end

-- Everything runs inside pcall so that an error fails the run instead of hanging it.
local function main()
  local client_id = vim.lsp.start_client({
    name = "stowaway",
    cmd = { bin, "server" },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "workspace" } },
    init_options = {},
  })
  if not client_id then
    return finish(false, "could not start " .. bin)
  end

  local buffers = {}
  for _, name in ipairs({ "bitbucket-pipelines.yml", "Dockerfile" }) do
    vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. name))
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    buffers[name] = buf
  end

  -- Wait for the Dockerfile's finding (the pipeline is where the secret comes from).
  local dockerfile = buffers["Dockerfile"]
  local arrived = vim.wait(timeout, function()
    return #vim.diagnostic.get(dockerfile) > 0
  end, 50)
  if not arrived then
    return finish(false, "no diagnostics from stowaway within " .. timeout .. " ms")
  end

  -- Print every diagnostic of both buffers, as LSP reported it (1-based line:character).
  local first
  for _, name in ipairs({ "bitbucket-pipelines.yml", "Dockerfile" }) do
    for _, d in ipairs(vim.diagnostic.get(buffers[name])) do
      local lsp = lsp_diagnostic(buffers[name], d)
      local start = lsp.range.start
      local severity = ({ "error", "warning", "info", "hint" })[lsp.severity]
      say(string.format("DIAG %s:%d:%d: %s %s: %s", name, start.line + 1,
        start.character + 1, severity, tostring(lsp.code), lsp.message))
      for _, related in ipairs(lsp.relatedInformation or {}) do
        local path = vim.uri_to_fname(related.location.uri):sub(#root + 2)
        say(string.format("  RELATED %s:%d:%d %s", path, related.location.range.start.line + 1,
          related.location.range.start.character + 1, related.message))
      end
      if name == "Dockerfile" and not first then
        first = lsp
      end
    end
  end

  -- Ask for the code actions on the first Dockerfile finding.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(dockerfile) },
    range = first.range,
    context = { diagnostics = { first } },
  }
  local responses = vim.lsp.buf_request_sync(dockerfile, "textDocument/codeAction", params, timeout)
  local actions = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
      say("ACTION " .. action.title)
    end
  end

  local fix, ignore
  for _, action in ipairs(actions) do
    if action.kind == "quickfix" and action.edit then
      if action.title:find("^Ignore this finding") then
        ignore = ignore or action
      else
        fix = fix or action
      end
    end
  end
  local chosen = fix
  if fix then
    say("APPLIED fix " .. fix.title)
  else
    say("NOTE no quick fix offered for this finding; skipping the quick-fix step")
    chosen = ignore
    if not chosen then
      return finish(false, "no code action with an edit was offered")
    end
    say("APPLIED ignore " .. chosen.title)
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  vim.cmd("wall")

  -- Stop the server politely (shutdown, exit) and wait for it, bounded.
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 50)
  finish(true)
end

local ok, err = pcall(main)
if not ok then
  pcall(finish, false, "error: " .. tostring(err))
  vim.cmd("cquit! 1")
end
