// The documentation of <descent-schedule> (`DescentSchedule.docs`), in the kit's convention (www/js/embed/docs.js):
// the gallery, the embed page and the README read it. The element passes its own defaults in, so each is written
// once (element.js).

/** The docs, given the element's defaults `{ schedule, baseLr, steps, maxSteps, seed, maxCompare }`. */
export function scheduleDocs({ schedule, baseLr, steps, maxSteps, seed, maxCompare }) {
  return {
    title: 'Learning-rate schedule',
    summary:
      'A learning-rate schedule (PyTorch and Keras names and arguments) plotted over the training steps, with ' +
      'sliders for its parameters and the schedule’s formula filled in with the numbers of the inspected step ' +
      '(hover, tap or use the arrow keys on the plot).',
    attributes: [
      {
        name: 'schedule',
        default: JSON.stringify(schedule),
        allowed:
          'a JSON schedule config: "type" (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, ' +
          'CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, ReduceLROnPlateau, ExponentialDecay, ' +
          'InverseTimeDecay, PolynomialDecay, PiecewiseConstantDecay, CosineDecay, CosineDecayRestarts, SequentialLR) with the ' +
          'library’s keyword arguments',
        description: 'The schedule plotted.',
      },
      {
        name: 'base-lr',
        default: String(baseLr),
        allowed: 'a number in [0, 1000]',
        description: 'The optimizer’s lr, η₀ (Keras schedules, CyclicLR and OneCycleLR set their own).',
      },
      { name: 'steps', default: String(steps), allowed: `a whole number from 1 to ${maxSteps}`, description: 'Number of updates plotted.' },
      {
        name: 'controls',
        default: 'every numeric field given, and base-lr where the schedule uses it',
        allowed: 'comma-separated names: schedule fields (gamma,step_size), base-lr, steps, drop, n; or none',
        description: 'The parameters that get a slider (or a checkbox, or a choice).',
      },
      {
        name: 'compare',
        default: '',
        allowed: `a JSON array of up to ${maxCompare} schedule configs, each with an optional "label" and "base_lr"`,
        description: 'Schedules drawn over it for comparison.',
      },
      {
        name: 'subtractive',
        default: '',
        allowed: 'JSON {"drop": number ≥ 0, "n": whole number ≥ 1, "lr0": number (optional, default base-lr)}',
        description: 'Overlays lr0 − drop·⌊t/n⌋, the subtractive step decay of some tutorials (labelled as not a library schedule).',
      },
      {
        name: 'metrics',
        default: 'a seeded synthetic loss',
        allowed: 'a JSON array of finite numbers (metrics[i] is reported after update i)',
        description: 'The loss ReduceLROnPlateau watches.',
      },
      { name: 'seed', default: String(seed), allowed: 'a whole number from 0 to 4294967295', description: 'Seed of the synthetic loss.' },
      { name: 'scale', default: 'linear', allowed: 'linear, log', description: 'The y axis.' },
      { name: 'step', default: '0', allowed: 'a whole number from 0 to steps − 1', description: 'The step shown in the readout and formula.' },
      { name: 'label', default: 'the schedule’s type', allowed: 'text', description: 'Legend name of the main schedule.' },
    ],
    events: [
      {
        name: 'schedulechange',
        detail: '{ schedule, baseLr, steps }',
        description: 'A control changed the schedule (the attributes are updated too).',
      },
      { name: 'stepchange', detail: '{ step, lr }', description: 'The inspected step changed (pointer or keys).' },
    ],
    methods: [],
    example: {
      schedule: '{"type":"OneCycleLR","max_lr":0.1,"total_steps":100}',
      steps: '100',
      compare: '[{"type":"CosineAnnealingLR","T_max":100,"label":"CosineAnnealingLR"}]',
      step: '30',
    },
    height: 720,
  };
}
