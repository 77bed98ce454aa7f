-- The improvement cycle moved out of the trigger service: its saga is now dev.feedbackloop.improvement.cycle.CycleSaga.
-- Axon's JdbcSagaStore keeps a saga's qualified class name in SagaEntry.sagaType and AssociationValueEntry.sagaType
-- and looks associations up by it, so cycles opened before the move would never be found again. Rename it where it
-- is stored. Nothing else names a moved class: deadlines name the saga by its simple name (CycleSaga), aggregate
-- types are simple names, tokens are processing group names (kept), and events live in the kernel.
UPDATE SagaEntry SET sagaType = 'dev.feedbackloop.improvement.cycle.CycleSaga'
 WHERE sagaType = 'dev.feedbackloop.trigger.cycle.CycleSaga';
UPDATE AssociationValueEntry SET sagaType = 'dev.feedbackloop.improvement.cycle.CycleSaga'
 WHERE sagaType = 'dev.feedbackloop.trigger.cycle.CycleSaga';
