-- Argo CD health check for s3migration.io/MigrationJob (resource.customizations.health.s3migration.io_MigrationJob).
-- Pending/Queued/Preflight/Running/Verifying -> Progressing, Succeeded -> Healthy, Failed/Cancelled -> Degraded,
-- Paused -> Suspended. A status written for an older generation of the spec is still Progressing. A Succeeded one
-- whose verification found differences (condition Consistent False) stays Healthy and names the reason.
local hs = {}
local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the migration"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on the latest spec"
  return hs
end

local phase = status.phase
local function described(text)
  if status.message ~= nil and status.message ~= "" then
    return text .. ": " .. status.message
  end
  return text
end

-- The verification's verdict (condition Consistent), when it found differences: a pass that ran to its end is
-- Succeeded either way (a scheduled pass whose source is still written, or writes during the pass), but says so.
local function inconsistency()
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == "Consistent" and c.status == "False" then
      return c.reason
    end
  end
  return nil
end

if phase == "Succeeded" then
  hs.status = "Healthy"
  local differs = inconsistency()
  if differs ~= nil then
    hs.message = described("Succeeded, not consistent (" .. tostring(differs) .. ")")
  else
    hs.message = described("Succeeded")
  end
elseif phase == "Failed" or phase == "Cancelled" then
  hs.status = "Degraded"
  hs.message = described(phase)
elseif phase == "Paused" then
  hs.status = "Suspended"
  hs.message = described("Paused")
elseif phase == "Running" then
  hs.status = "Progressing"
  local progress = status.progress
  if progress ~= nil and progress.percent ~= nil then
    -- one decimal, rounded by hand: Lua engines disagree on string.format precision
    hs.message = "Running: " .. tostring(math.floor(progress.percent * 10 + 0.5) / 10) .. "% copied"
  else
    hs.message = "Running"
  end
elseif phase == "Pending" or phase == "Queued" or phase == "Preflight" or phase == "Verifying" then
  hs.status = "Progressing"
  hs.message = described(phase)
else
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. tostring(phase)
end
return hs
