-- Cancel: spec.cancel = true, for good (the CRD refuses setting it back). The operator deletes the copy Job; what
-- was copied stays at the destination.
if obj.spec == nil then
  obj.spec = {}
end
obj.spec.cancel = true
return obj
