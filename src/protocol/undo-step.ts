export interface UndoneStep { at: string }
