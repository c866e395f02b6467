-- Argo CD health check for s3migration.io/MigrationJob (resource.customizations.health.s3migration.io_MigrationJob).
-- Pending/Queued/Preflight/Running/Verifying -> Progressing, Succeeded -> Healthy, Failed/Cancelled -> Degraded,
-- Paused -> Suspended. A status written for an older generation of the spec is still Progressing.
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

if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = described("Succeeded")
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
